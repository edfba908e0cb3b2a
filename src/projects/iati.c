/*
 * A project as an IATI 2.03 activity (DESIGN.md 6a): iati-activities with one
 * iati-activity and a result per result title, written with libxml2's
 * xmlTextWriter in the order the schema (iati-activities-schema.xsd) asks.
 * Beside the schema it keeps IATI's rules the schema cannot check: a period
 * starts before it ends, every target and actual of a quantitative (measure
 * 1) indicator has a value, and a disaggregated actual carries one sex
 * dimension, one per sex present.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/arena.h"
#include "core/time.h"
#include "http/http.h"

#include <libxml/xmlwriter.h>

/* IATI code lists (iatistandard.org/en/iati-standard/203/codelists/) */
enum {
    IATI_ORG_GOVERNMENT = 10,   /* OrganisationType: a ministry reports its own projects */
    IATI_ROLE_FUNDING = 1,      /* OrganisationRole */
    IATI_ROLE_IMPLEMENTING = 4,
    IATI_DATE_PLANNED_START = 1, /* ActivityDateType */
    IATI_DATE_ACTUAL_START = 2,
    IATI_DATE_PLANNED_END = 3,
    IATI_DATE_ACTUAL_END = 4,
    IATI_DESCRIPTION_GENERAL = 1, /* DescriptionType */
    IATI_MEASURE_UNIT = 1,        /* IndicatorMeasure: a quantity */
};

/* ActivityStatus by the project's status; result types by the indicator's */
static const struct {
    const char *name;
    int code;
} statuses[] = { { "pipeline", 1 }, { "implementation", 2 }, { "finalisation", 3 }, { "closed", 4 } },
  result_types[] = { { "output", 1 }, { "outcome", 2 }, { "impact", 3 } };

/* the sexes as a dimension's value, in enum report_sex's order */
static const char *const sex_names[REPORT_NSEXES] = { "female", "male", "other", "unknown" };

static int code_of(const char *name, int fallback, bool results)
{
    size_t n = results ? ARRAY_SIZE(result_types) : ARRAY_SIZE(statuses);
    for (size_t i = 0; name && i < n; i++)
        if (streq(results ? result_types[i].name : statuses[i].name, name))
            return results ? result_types[i].code : statuses[i].code;
    return fallback;
}

/* A writer's call failed (out of memory, or an encoding error): libxml2 returns < 0. */
#define W(call)                                                                                \
    do {                                                                                       \
        if ((call) < 0)                                                                        \
            goto out;                                                                          \
    } while (0)

#define X(s) ((const xmlChar *)(s))

/* A number as IATI reads it: xsd:decimal-like, no exponent, no needless zeros ("12", "2.5"). */
static void number_text(char out[48], double v)
{
    snprintf(out, 48, "%.2f", v);
    char *dot = strchr(out, '.');
    if (!dot)
        return;
    char *end = out + strlen(out) - 1;
    while (end > dot && *end == '0')
        *end-- = '\0';
    if (end == dot)
        *end = '\0';
    if (streq(out, "-0"))
        snprintf(out, 48, "0");
}

static int write_narrative(xmlTextWriterPtr w, const char *text)
{
    if (xmlTextWriterStartElement(w, X("narrative")) < 0 ||
        xmlTextWriterWriteString(w, X(text ? text : "")) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

/* <name><narrative>text</narrative></name> */
static int write_text_element(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (xmlTextWriterStartElement(w, X(name)) < 0 || write_narrative(w, text) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int write_value_element(xmlTextWriterPtr w, const char *name, double v, const char *sex)
{
    char num[48];
    number_text(num, v);
    if (xmlTextWriterStartElement(w, X(name)) < 0 ||
        xmlTextWriterWriteAttribute(w, X("value"), X(num)) < 0)
        return -1;
    if (sex && (xmlTextWriterStartElement(w, X("dimension")) < 0 ||
                xmlTextWriterWriteAttribute(w, X("name"), X("sex")) < 0 ||
                xmlTextWriterWriteAttribute(w, X("value"), X(sex)) < 0 ||
                xmlTextWriterEndElement(w) < 0))
        return -1;
    return xmlTextWriterEndElement(w);
}

static int write_date(xmlTextWriterPtr w, const char *name, int type, const char *day)
{
    if (xmlTextWriterStartElement(w, X(name)) < 0 ||
        (type && xmlTextWriterWriteFormatAttribute(w, X("type"), "%d", type) < 0) ||
        xmlTextWriterWriteAttribute(w, X("iso-date"), X(day)) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

/*
 * The start and end dates: actual once they have happened by today, planned
 * before (IATI refuses an actual date in the future); a project still in the
 * pipeline has only planned ones, and one in implementation has not ended.
 */
static int write_activity_dates(xmlTextWriterPtr w, const struct project *p, const char *today)
{
    bool started = !streq(p->status, "pipeline") && strcmp(p->starts_on, today) <= 0;
    bool ended = (streq(p->status, "finalisation") || streq(p->status, "closed")) &&
                 strcmp(p->ends_on, today) <= 0;
    if (write_date(w, "activity-date", started ? IATI_DATE_ACTUAL_START : IATI_DATE_PLANNED_START,
                   p->starts_on) < 0)
        return -1;
    return write_date(w, "activity-date", ended ? IATI_DATE_ACTUAL_END : IATI_DATE_PLANNED_END,
                      p->ends_on);
}

/*
 * One target period: its target, and once it has begun its actual (the
 * signed value and split when signed off), then one actual per sex present,
 * each with its sex dimension.
 *
 * For a stock (centres_equipped, project_metric_stock) the target and the
 * actual are levels at the period's end, not what the period added: IATI
 * allows a period's values to be cumulative (its guidance on results asks
 * only that an indicator's periods be read one way throughout), and a
 * level is what the donor's indicator ("centres equipped") means. Each
 * period is written as it is on the project's page and in the workbook.
 */
static int write_period(xmlTextWriterPtr w, const struct project_period *pp, const char *today)
{
    if (xmlTextWriterStartElement(w, X("period")) < 0 ||
        write_date(w, "period-start", 0, pp->starts_on) < 0 ||
        write_date(w, "period-end", 0, pp->ends_on) < 0 ||
        write_value_element(w, "target", pp->target, NULL) < 0)
        return -1;
    if (pp->signed_off || strcmp(pp->starts_on, today) <= 0) {
        double value = pp->signed_off ? pp->signed_value : pp->actual.value;
        bool has_sex = pp->signed_off ? pp->signed_has_sex : pp->actual.has_sex;
        const double *sex = pp->signed_off ? pp->signed_sex : pp->actual.sex;
        if (write_value_element(w, "actual", value, NULL) < 0)
            return -1;
        for (int s = 0; has_sex && s < REPORT_NSEXES; s++)
            if (sex[s] > 0 && write_value_element(w, "actual", sex[s], sex_names[s]) < 0)
                return -1;
    }
    return xmlTextWriterEndElement(w);
}

static int write_indicator(xmlTextWriterPtr w, const struct project *p,
                           const struct project_indicator *ind, const char *today)
{
    char num[48];
    if (xmlTextWriterStartElement(w, X("indicator")) < 0 ||
        xmlTextWriterWriteFormatAttribute(w, X("measure"), "%d", IATI_MEASURE_UNIT) < 0 ||
        xmlTextWriterWriteAttribute(w, X("ascending"), X("true")) < 0 ||
        write_text_element(w, "title", ind->title) < 0)
        return -1;
    /* the baseline is where the project started from: its first year */
    number_text(num, ind->baseline);
    if (xmlTextWriterStartElement(w, X("baseline")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("iso-date"), X(p->starts_on)) < 0 ||
        xmlTextWriterWriteFormatAttribute(w, X("year"), "%.4s", p->starts_on) < 0 ||
        xmlTextWriterWriteAttribute(w, X("value"), X(num)) < 0 ||
        xmlTextWriterEndElement(w) < 0)
        return -1;
    for (size_t i = 0; i < ind->nperiods; i++) {
        /* IATI: a period starts before it ends; a one-day period cannot be reported */
        if (strcmp(ind->periods[i].starts_on, ind->periods[i].ends_on) >= 0)
            continue;
        if (write_period(w, &ind->periods[i], today) < 0)
            return -1;
    }
    return xmlTextWriterEndElement(w);
}

static bool is_result_written(const struct project *p, size_t upto, const char *result)
{
    for (size_t i = 0; i < upto; i++)
        if (streq(p->indicators[i].result, result))
            return true;
    return false;
}

/* One result per result title, in the order the indicators first name them, with theirs. */
static int write_results(xmlTextWriterPtr w, const struct project *p, const char *today)
{
    for (size_t i = 0; i < p->nindicators; i++) {
        const struct project_indicator *first = &p->indicators[i];
        if (is_result_written(p, i, first->result))
            continue;
        if (xmlTextWriterStartElement(w, X("result")) < 0 ||
            xmlTextWriterWriteFormatAttribute(w, X("type"), "%d",
                                              code_of(first->result_type, 1, true)) < 0 ||
            write_text_element(w, "title", first->result) < 0)
            return -1;
        for (size_t j = i; j < p->nindicators; j++)
            if (streq(p->indicators[j].result, first->result) &&
                write_indicator(w, p, &p->indicators[j], today) < 0)
                return -1;
        if (xmlTextWriterEndElement(w) < 0)
            return -1;
    }
    return 0;
}

/* An organisation: ref written when known (reporting-org's is required: always). */
static int write_org(xmlTextWriterPtr w, const char *element, const char *ref, int type, int role,
                     const char *name)
{
    bool reporting = streq(element, "reporting-org");
    if (xmlTextWriterStartElement(w, X(element)) < 0 ||
        ((reporting || (ref && *ref)) &&
         xmlTextWriterWriteAttribute(w, X("ref"), X(ref ? ref : "")) < 0) ||
        (type && xmlTextWriterWriteFormatAttribute(w, X("type"), "%d", type) < 0) ||
        (role && xmlTextWriterWriteFormatAttribute(w, X("role"), "%d", role) < 0) ||
        write_narrative(w, name) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

int project_iati(struct arena *a, const struct project *p, const char *now, char **xml, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    char today[11];
    int rc = DARS_ERR;

    if (!w)
        goto out;
    snprintf(today, sizeof(today), "%.10s", now);
    /* IATI: an identifier begins with its reporting organisation's */
    const char *identifier = p->iati_identifier && *p->iati_identifier
                                 ? p->iati_identifier
                                 : arena_printf(a, "%s-%s", p->reporting_org_ref, p->code);
    const char *org_name = p->reporting_org_name && *p->reporting_org_name ? p->reporting_org_name
                                                                           : p->reporting_org_ref;

    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
    W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    W(xmlTextWriterStartElement(w, X("iati-activities")));
    W(xmlTextWriterWriteAttribute(w, X("version"), X("2.03")));
    W(xmlTextWriterWriteAttribute(w, X("generated-datetime"), X(now)));
    W(xmlTextWriterStartElement(w, X("iati-activity")));
    W(xmlTextWriterWriteAttribute(w, X("last-updated-datetime"),
                                  X(p->updated_at && *p->updated_at ? p->updated_at : now)));
    W(xmlTextWriterWriteAttributeNS(w, X("xml"), X("lang"), NULL, X(p->language)));
    W(xmlTextWriterWriteAttribute(w, X("default-currency"), X(p->currency)));

    W(xmlTextWriterWriteElement(w, X("iati-identifier"), X(identifier)));
    W(write_org(w, "reporting-org", p->reporting_org_ref, IATI_ORG_GOVERNMENT, 0, org_name));
    W(write_text_element(w, "title", p->name));
    W(xmlTextWriterStartElement(w, X("description")));
    W(xmlTextWriterWriteFormatAttribute(w, X("type"), "%d", IATI_DESCRIPTION_GENERAL));
    W(write_narrative(w, p->description && *p->description ? p->description : p->name));
    W(xmlTextWriterEndElement(w));
    if (p->funder && *p->funder)
        W(write_org(w, "participating-org", NULL, 0, IATI_ROLE_FUNDING, p->funder));
    W(write_org(w, "participating-org", p->reporting_org_ref, IATI_ORG_GOVERNMENT,
                IATI_ROLE_IMPLEMENTING, org_name));
    W(xmlTextWriterStartElement(w, X("activity-status")));
    W(xmlTextWriterWriteFormatAttribute(w, X("code"), "%d", code_of(p->status, 2, false)));
    W(xmlTextWriterEndElement(w));
    W(write_activity_dates(w, p, today));
    W(write_results(w, p, today));
    W(xmlTextWriterEndDocument(w)); /* closes every open element */
    xmlFreeTextWriter(w);           /* flushes into buf */
    w = NULL;

    *len = (size_t)xmlBufferLength(buf);
    *xml = arena_strndup(a, (const char *)xmlBufferContent(buf), *len);
    rc = 0;
out:
    if (w)
        xmlFreeTextWriter(w);
    if (buf)
        xmlBufferFree(buf);
    return rc;
}

/* GET /api/v1/projects/:code/iati: for those who read the project */
int projects_api_iati(struct req *r)
{
    struct project p;
    char now[TIME_ISO_LEN], *xml = NULL;
    size_t len = 0;
    int rc;

    if ((rc = project_get_readable(r, &p)) < 0 ||
        (rc = project_actuals(r->db, &r->arena, &p, true)) < 0)
        return rc;
    time_now_iso(now);
    if ((rc = project_iati(&r->arena, &p, now, &xml, &len)) < 0)
        return rc;
    return http_send(r, 200, "application/xml; charset=utf-8", xml, len);
}
