// A plain scalar `mappings` decoder in C, the yardstick the performance issue names ("a plain
// scalar C decoder at -O3"). It does what ours does for a regular map: validates every byte,
// decodes each VLQ with a table lookup per digit, accumulates the five fields and writes rows
// of five int32 (-1 for absent fields) and one start index per generated line into arrays
// sized by a first counting pass. No SIMD, no tricks beyond what a careful C programmer writes.
//
// Usage: decode <mappings file> <runs>; prints "<segments> <lines> <median ms> <min ms>".
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int8_t digit_of[256];

static void init_table(void) {
  const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  memset(digit_of, -1, sizeof digit_of);
  for (int i = 0; i < 64; i++) digit_of[(unsigned char)alphabet[i]] = (int8_t)i;
}

typedef struct {
  int32_t *rows;        // 5 per segment
  int32_t *line_starts; // lines + 1
  size_t segments, lines;
} decoded_t;

// Returns 0, or -1 on invalid input. The arrays are kept from one call to the next and only
// grow (as ours reuses a disposed map's memory), so page faults are not what is timed.
static size_t row_capacity, line_capacity;

static int decode(const unsigned char *s, size_t n, decoded_t *out) {
  size_t separators = 0, semicolons = 0;
  for (size_t i = 0; i < n; i++) {
    separators += s[i] == ',' || s[i] == ';';
    semicolons += s[i] == ';';
  }
  if (separators + 1 > row_capacity) {
    free(out->rows);
    row_capacity = separators + 1;
    out->rows = calloc(row_capacity * 5, sizeof(int32_t));
  }
  if (semicolons + 2 > line_capacity) {
    free(out->line_starts);
    line_capacity = semicolons + 2;
    out->line_starts = calloc(line_capacity, sizeof(int32_t));
  }
  if (!out->rows || !out->line_starts) return -1;
  int32_t *row = out->rows;
  size_t line = 0, count = 0;
  int64_t field[5] = {0, 0, 0, 0, 0};
  out->line_starts[0] = 0;
  size_t i = 0;
  while (i < n) {
    if (s[i] == ';') {
      out->line_starts[++line] = (int32_t)count;
      field[0] = 0;
      i++;
      continue;
    }
    if (s[i] == ',') return -1; // empty segment
    int fields = 0;
    while (i < n && s[i] != ',' && s[i] != ';') {
      if (fields == 5) return -1;
      uint32_t raw = 0, shift = 0;
      for (;;) {
        if (i == n) return -1;
        int d = digit_of[s[i++]];
        if (d < 0 || shift > 30) return -1;
        raw |= (uint32_t)(d & 31) << shift;
        shift += 5;
        if (!(d & 32)) break;
      }
      int64_t value = (int64_t)(raw >> 1);
      field[fields] += (raw & 1) ? -value : value;
      fields++;
    }
    if (fields != 1 && fields != 4 && fields != 5) return -1;
    row[0] = (int32_t)field[0];
    row[1] = fields > 1 ? (int32_t)field[1] : -1;
    row[2] = fields > 1 ? (int32_t)field[2] : -1;
    row[3] = fields > 1 ? (int32_t)field[3] : -1;
    row[4] = fields > 4 ? (int32_t)field[4] : -1;
    if (field[0] < 0 || field[1] < 0 || field[2] < 0 || field[3] < 0 || field[4] < 0) return -1;
    row += 5;
    count++;
    if (i < n && s[i] == ',') {
      i++;
      if (i == n || s[i] == ';' || s[i] == ',') return -1;
    }
  }
  out->line_starts[line + 1] = (int32_t)count;
  out->segments = count;
  out->lines = line + 1;
  return 0;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: decode <mappings file> <runs>\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *s = malloc(n + 1);
  if (fread(s, 1, n, f) != (size_t)n) { perror("read"); return 2; }
  fclose(f);
  init_table();
  int runs = atoi(argv[2]);
  double *ms = malloc(sizeof(double) * runs);
  decoded_t d = {0};
  for (int r = 0; r < runs; r++) {
    double t0 = now_ms();
    if (decode(s, (size_t)n, &d) != 0) { fprintf(stderr, "invalid mappings\n"); return 1; }
    ms[r] = now_ms() - t0;
  }
  qsort(ms, runs, sizeof(double), by_value);
  printf("%zu %zu %.3f %.3f\n", d.segments, d.lines, ms[runs / 2], ms[0]);
  return 0;
}
