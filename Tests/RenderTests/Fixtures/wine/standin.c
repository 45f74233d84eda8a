/* A stand-in for a WinPE tool (diskpart, dism, bcdboot, net, ipconfig, ...) under Wine's cmd.exe.
 * Named NAME.exe, it appends "NAME ARGUMENTS" to %STANDIN_DIR%\calls.log, prints %STANDIN_DIR%\NAME.out
 * when there is one, and exits with the next code of %STANDIN_DIR%\NAME.codes (one a line; the last
 * one repeats; 0 without the file). Codes may be negative, as DISM's HRESULTs are. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static const char *arguments(const char *line) {
    int quoted = 0;
    for (; *line; line++) {
        if (*line == '"') quoted = !quoted;
        else if (*line == ' ' && !quoted) break;
    }
    while (*line == ' ') line++;
    return line;
}

int main(void) {
    char path[MAX_PATH], name[MAX_PATH], file[MAX_PATH * 2];
    GetModuleFileNameA(NULL, path, MAX_PATH);
    const char *base = strrchr(path, '\\');
    strcpy(name, base ? base + 1 : path);
    char *dot = strrchr(name, '.');
    if (dot) *dot = 0;
    for (char *c = name; *c; c++) *c = (char)tolower((unsigned char)*c);
    const char *dir = getenv("STANDIN_DIR");
    if (!dir) return 99;

    snprintf(file, sizeof file, "%s\\calls.log", dir);
    FILE *log = fopen(file, "ab");
    if (log) { fprintf(log, "%s %s\n", name, arguments(GetCommandLineA())); fclose(log); }

    snprintf(file, sizeof file, "%s\\%s.out", dir, name);
    FILE *out = fopen(file, "rb");
    if (out) {
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, out)) > 0) fwrite(buffer, 1, n, stdout);
        fclose(out);
    }

    /* Which call this is: NAME.count holds how many came before. */
    int count = 0;
    snprintf(file, sizeof file, "%s\\%s.count", dir, name);
    FILE *counter = fopen(file, "rb");
    if (counter) { if (fscanf(counter, "%d", &count) != 1) count = 0; fclose(counter); }
    counter = fopen(file, "wb");
    if (counter) { fprintf(counter, "%d", count + 1); fclose(counter); }

    long long code = 0;
    snprintf(file, sizeof file, "%s\\%s.codes", dir, name);
    FILE *codes = fopen(file, "rb");
    if (codes) {
        long long value;
        for (int index = 0; index <= count && fscanf(codes, "%lld", &value) == 1; index++) code = value;
        fclose(codes);
    }
    fflush(stdout);
    ExitProcess((UINT)(int)code);
}
