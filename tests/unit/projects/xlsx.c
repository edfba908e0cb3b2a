/*
 * Tests of src/projects/xlsx.c on a project filled by hand: a workbook whose
 * sheet has the project above a row per indicator and period, the signed
 * number with who signed it and the change since, and the whole span.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/arena.h"
#include "core/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

static struct project_period periods[2] = {
    { .id = 1, .starts_on = "2026-01-01", .ends_on = "2026-03-31", .target = 100,
      .signed_off = true, .signed_value = 90, .signed_by = "admin@x.org",
      .signed_at = "2026-04-02T10:00:00Z", .actual = { 95, false, { 0 } } },
    { .id = 2, .starts_on = "2026-04-01", .ends_on = "2026-06-30", .target = 200,
      .actual = { 30, false, { 0 } } },
};

static struct project_indicator indicator = {
    .id = 1, .code = "students", .title = "Students trained", .result = "Skills",
    .result_type = "output", .metric = "people_completed", .filter_json = "{}", .target = 300,
    .periods = periods, .nperiods = 2, .counted = true, .actual = { 125, false, { 0 } },
};

/* One part of the workbook, through unzip (as tests/lib/xlsx.js reads it). */
static char *part(const char *file, const char *name)
{
    char cmd[256];
    struct buf b = BUF_INIT;
    snprintf(cmd, sizeof(cmd), "unzip -p %s %s", file, name);
    FILE *f = popen(cmd, "r");
    cr_assert(f);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&b, chunk, n);
    cr_assert_eq(pclose(f), 0, "%s", cmd);
    return buf_detach(&b, NULL);
}

Test(project_xlsx, a_row_per_indicator_and_period_then_the_whole_span)
{
    struct arena a = ARENA_INIT;
    struct project p = {
        .code = "DEC", .name = "Digital Education Centres", .funder = "Donor Agency",
        .starts_on = "2026-01-01", .ends_on = "2026-12-31", .currency = "USD",
        .status = "implementation", .language = "en", .indicators = &indicator, .nindicators = 1,
    };
    char *data = NULL, path[40];
    size_t len = 0;

    cr_assert_eq(project_xlsx(&a, &p, "en", &data, &len), 0);
    cr_assert(len > 100 && !memcmp(data, "PK\3\4", 4), "a zip");
    snprintf(path, sizeof(path), "/tmp/dars-xlsx-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    char *strings = part(path, "xl/sharedStrings.xml");
    char *sheet = part(path, "xl/worksheets/sheet1.xml");
    unlink(path);
    const char *want[] = { "Digital Education Centres", "Donor Agency", "2026-01-01 – 2026-12-31",
                           "Implementation", "Indicator", "Change since signed off",
                           "Students trained", "admin@x.org", "2026-04-02 10:00 UTC",
                           "Students trained (whole project)" };
    for (size_t i = 0; i < ARRAY_SIZE(want); i++)
        cr_assert(strstr(strings, want[i]), "no \"%s\" in %s", want[i], strings);
    /* signed 90 (not today's 95), its change 5, progress 0.9; the second period 30 of 200 */
    const char *numbers[] = { "<v>90</v>", "<v>5</v>", "<v>0.9</v>", "<v>30</v>", "<v>0.15</v>",
                              "<v>125</v>" };
    for (size_t i = 0; i < ARRAY_SIZE(numbers); i++)
        cr_assert(strstr(sheet, numbers[i]), "no %s in %s", numbers[i], sheet);
    free(strings);
    free(sheet);
    arena_release(&a);
}
