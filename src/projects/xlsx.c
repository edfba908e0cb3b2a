/*
 * A project's figures as a workbook (view/export.h), for its page's download
 * and the monthly e-mail: the project's name, funder and period above a
 * table with one row per indicator and target period (target, actual,
 * progress, who signed it off and when, and how far today's count has moved
 * from the signed number), then the indicator's whole span; in the
 * project's language, whoever reads it. A stock's targets and actuals are
 * levels at each period's end (figures.c), as on the page and in IATI.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/arena.h"
#include "core/i18n.h"
#include "http/http.h"
#include "view/export.h"

enum { COL_INDICATOR, COL_RESULT, COL_FROM, COL_TO, COL_TARGET, COL_ACTUAL, COL_PROGRESS,
       COL_SIGNED_BY, COL_SIGNED_AT, COL_DIFFERENCE, NCOLS };

static const char *number(struct arena *a, double v)
{
    return arena_printf(a, "%.15g", v);
}

/* "2026-04-02T10:00:00Z" -> "2026-04-02 10:00 UTC" */
static const char *instant(struct arena *a, const char *iso)
{
    if (!iso || strlen(iso) < 16)
        return "";
    return arena_printf(a, "%.10s %.5s UTC", iso, iso + 11);
}

static void row_figures(struct export_table *t, const char **row, double target, double actual)
{
    export_set(t, row, COL_TARGET, number(t->arena, target));
    export_set(t, row, COL_ACTUAL, number(t->arena, actual));
    /* progress is actual against target: none to show against a target of nothing */
    if (target > 0)
        export_set(t, row, COL_PROGRESS, number(t->arena, actual / target));
}

int project_xlsx(struct arena *a, const struct project *p, const char *lang, char **data,
                 size_t *len)
{
    const char **header = ARENA_NEW_N(a, const char *, NCOLS);
    const char **notes = ARENA_NEW_N(a, const char *, 10);
    struct export_table t;

    header[COL_INDICATOR] = _(lang, "Indicator");
    header[COL_RESULT] = _(lang, "Result");
    header[COL_FROM] = _(lang, "From");
    header[COL_TO] = _(lang, "To");
    header[COL_TARGET] = _(lang, "Target");
    header[COL_ACTUAL] = _(lang, "Actual");
    header[COL_PROGRESS] = _(lang, "Progress");
    header[COL_SIGNED_BY] = _(lang, "Signed off by");
    header[COL_SIGNED_AT] = _(lang, "Signed off at");
    header[COL_DIFFERENCE] = _(lang, "Change since signed off");
    export_init(&t, a, header, NCOLS);
    t.numeric = 1u << COL_TARGET | 1u << COL_ACTUAL | 1u << COL_PROGRESS | 1u << COL_DIFFERENCE;
    t.percent = 1u << COL_PROGRESS;
    t.title = p->name;
    notes[0] = _(lang, "Project");
    notes[1] = p->code;
    notes[2] = _(lang, "Funder");
    notes[3] = p->funder && *p->funder ? p->funder : "—";
    notes[4] = _(lang, "Period");
    notes[5] = arena_printf(a, "%s – %s", p->starts_on, p->ends_on);
    notes[6] = _(lang, "Status");
    notes[7] = project_status_label(lang, p->status);
    t.notes = notes;
    t.nnotes = 4;
    if (p->counted_to) {
        /* the monthly e-mail's: the day its text and this workbook are counted to */
        notes[8] = _(lang, "Counted to");
        notes[9] = p->counted_to;
        t.nnotes = 5;
    }

    for (size_t i = 0; i < p->nindicators; i++) {
        const struct project_indicator *ind = &p->indicators[i];
        for (size_t j = 0; j < ind->nperiods; j++) {
            const struct project_period *pp = &ind->periods[j];
            const char **row = export_row(&t);
            export_set(&t, row, COL_INDICATOR, ind->title);
            export_set(&t, row, COL_RESULT, ind->result);
            export_set(&t, row, COL_FROM, pp->starts_on);
            export_set(&t, row, COL_TO, pp->ends_on);
            if (p->counted_to && strcmp(pp->starts_on, p->counted_to) > 0) {
                /* not begun by the day counted to: a target and no actual yet */
                export_set(&t, row, COL_TARGET, number(a, pp->target));
                continue;
            }
            /* a signed-off period counts its signed number; the change shows apart */
            row_figures(&t, row, pp->target, pp->signed_off ? pp->signed_value : pp->actual.value);
            if (pp->signed_off) {
                export_set(&t, row, COL_SIGNED_BY, pp->signed_by);
                export_set(&t, row, COL_SIGNED_AT, instant(a, pp->signed_at));
                export_set(&t, row, COL_DIFFERENCE,
                           number(a, pp->actual.value - pp->signed_value));
            }
        }
        const char **row = export_row(&t);
        export_set(&t, row, COL_INDICATOR,
                   arena_printf(a, "%s (%s)", ind->title, _(lang, "whole project")));
        export_set(&t, row, COL_RESULT, ind->result);
        export_set(&t, row, COL_FROM, p->starts_on);
        export_set(&t, row, COL_TO, p->ends_on);
        /* the whole span counted once: for a stock, the level at its end, never a sum of rows */
        row_figures(&t, row, ind->target, ind->actual.value);
    }
    return export_xlsx(a, &t, data, len);
}

/* GET /admin/projects/:code.xlsx: for those who read the project, in the project's language */
int projects_xlsx_download(struct req *r)
{
    struct project p;
    char *data = NULL;
    size_t len = 0;
    int rc;

    if ((rc = project_get_readable(r, &p)) < 0 ||
        (rc = project_actuals(r->db, &r->arena, &p, false)) < 0 ||
        (rc = project_xlsx(&r->arena, &p, p.language, &data, &len)) < 0)
        return rc;
    /* codes are letters, digits and hyphens: the name needs no quoting */
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"%s.xlsx\"", p.code));
    return http_send(r, 200,
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data,
                     len);
}
