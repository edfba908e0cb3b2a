/*
 * Tests of src/projects/iati.c on a project filled by hand: the document
 * validates against the IATI 2.03 schema (../shared/testdata, skipped when
 * absent), elements come in the schema's order, and IATI's rules the schema
 * cannot check hold (periods start before they end, values on every target
 * and actual, one sex dimension per sex present, signed values kept).
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <unistd.h>

#define XSD "../shared/testdata/iati-2.03/iati-activities-schema.xsd"
#define NOW "2026-05-10T08:30:00Z"

static struct project_period periods[3] = {
    { .id = 1, .starts_on = "2026-01-01", .ends_on = "2026-03-31", .target = 100,
      .signed_off = true, .signed_value = 90, .signed_has_sex = true,
      .signed_sex = { 50, 40, 0, 0 }, .signed_by = "admin@x.org",
      .signed_at = "2026-04-02T10:00:00Z",
      /* counted again since: the signed number stays what IATI reads */
      .actual = { 95, true, { 55, 40, 0, 0 } } },
    { .id = 2, .starts_on = "2026-04-01", .ends_on = "2026-06-30", .target = 200,
      .actual = { 30, true, { 20, 9, 0, 1 } } },
    { .id = 3, .starts_on = "2026-07-01", .ends_on = "2026-09-30", .target = 300 },
};

static struct project_period hour_periods[2] = {
    { .id = 4, .starts_on = "2026-01-01", .ends_on = "2026-06-30", .target = 1000.5,
      .actual = { 412.25, false, { 0 } } },
    /* a one-day period: IATI wants a start before the end, so it is left out */
    { .id = 5, .starts_on = "2026-07-01", .ends_on = "2026-07-01", .target = 1 },
};

static struct project_indicator indicators[3] = {
    { .id = 1, .code = "students", .title = "Students trained at Digital Education Centres",
      .result = "Young people gain digital skills", .result_type = "output",
      .metric = "people_completed", .filter_json = "{}", .baseline = 0, .target = 600,
      .periods = periods, .nperiods = 3, .counted = true, .actual = { 120, true, { 70, 49, 0, 1 } } },
    { .id = 2, .code = "hours", .title = "Learning hours & more <tags>",
      .result = "Civil servants learn", .result_type = "outcome", .metric = "learning_hours",
      .filter_json = "{}", .baseline = 12, .target = 2000, .periods = hour_periods,
      .nperiods = 2, .counted = true, .actual = { 412.25, false, { 0 } } },
    { .id = 3, .code = "mentors", .title = "Mentors developed",
      .result = "Young people gain digital skills", .result_type = "output",
      .metric = "people_completed", .filter_json = "{}", .baseline = 5, .target = 450 },
};

static struct project sample(void)
{
    return (struct project){
        .id = 1, .code = "DEC-2026", .name = "Digital Education Centres",
        .description = "Training at the centres", .funder = "Donor Agency",
        .starts_on = "2026-01-01", .ends_on = "2027-12-31", .currency = "USD",
        .status = "implementation", .iati_identifier = "XM-DAC-41114-DEC",
        .reporting_org_ref = "XM-DAC-41114", .reporting_org_name = "Ministry of Digital Development",
        .language = "en", .indicators = indicators, .nindicators = 3,
        .created_at = "2026-01-01T00:00:00Z", .updated_at = "2026-04-02T10:00:00Z",
    };
}

static xmlDocPtr write_and_parse(const struct project *p, struct arena *a)
{
    char *xml = NULL;
    size_t len = 0;
    cr_assert_eq(project_iati(a, p, NOW, &xml, &len), 0);
    cr_assert_eq(strlen(xml), len);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "iati.xml", NULL, XML_PARSE_NONET);
    cr_assert(doc, "not well-formed:\n%s", xml);
    return doc;
}

/* The string value of an XPath expression ("" when nothing matches). */
static char *xp(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    cr_assert(o, "bad XPath %s", expr);
    xmlChar *s = xmlXPathCastToString(o);
    char *out = strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return out;
}

static void assert_xp(xmlDocPtr doc, const char *expr, const char *want)
{
    char *got = xp(doc, expr);
    cr_assert_str_eq(got, want, "%s", expr);
    free(got);
}

Test(project_iati, validates_against_the_schema)
{
    if (access(XSD, R_OK) != 0)
        cr_skip_test("%s is absent", XSD);
    struct arena a = ARENA_INIT;
    struct project p = sample();
    xmlDocPtr doc = write_and_parse(&p, &a);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(XSD);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    cr_assert(schema);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    cr_assert_eq(xmlSchemaValidateDoc(vc, doc), 0);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    xmlFreeDoc(doc);
    arena_release(&a);
}

Test(project_iati, the_activity_its_organisations_status_and_dates)
{
    struct arena a = ARENA_INIT;
    struct project p = sample();
    xmlDocPtr doc = write_and_parse(&p, &a);
    assert_xp(doc, "string(/iati-activities/@version)", "2.03");
    assert_xp(doc, "string(/iati-activities/@generated-datetime)", NOW);
    assert_xp(doc, "count(/iati-activities/iati-activity)", "1");
    assert_xp(doc, "string(//iati-activity/@last-updated-datetime)", "2026-04-02T10:00:00Z");
    assert_xp(doc, "string(//iati-activity/@xml:lang)", "en");
    assert_xp(doc, "string(//iati-activity/@default-currency)", "USD");
    assert_xp(doc, "string(//iati-activity/*[1][self::iati-identifier])", "XM-DAC-41114-DEC");
    assert_xp(doc, "string(//reporting-org/@ref)", "XM-DAC-41114");
    assert_xp(doc, "string(//reporting-org/@type)", "10");
    assert_xp(doc, "string(//reporting-org/narrative)", "Ministry of Digital Development");
    assert_xp(doc, "string(//iati-activity/title/narrative)", "Digital Education Centres");
    assert_xp(doc, "string(//participating-org[@role='1']/narrative)", "Donor Agency");
    assert_xp(doc, "string(//participating-org[@role='4']/@ref)", "XM-DAC-41114");
    assert_xp(doc, "string(//activity-status/@code)", "2");
    /* started (actual), not yet ended (planned) */
    assert_xp(doc, "string(//activity-date[@type='2']/@iso-date)", "2026-01-01");
    assert_xp(doc, "string(//activity-date[@type='3']/@iso-date)", "2027-12-31");
    assert_xp(doc, "count(//activity-date)", "2");
    xmlFreeDoc(doc);

    /* a closed project that has ended: actual dates; one in the pipeline: planned only */
    p.status = "closed";
    p.ends_on = "2026-03-31";
    doc = write_and_parse(&p, &a);
    assert_xp(doc, "string(//activity-status/@code)", "4");
    assert_xp(doc, "string(//activity-date[@type='4']/@iso-date)", "2026-03-31");
    xmlFreeDoc(doc);
    p.status = "pipeline";
    p.iati_identifier = "";
    doc = write_and_parse(&p, &a);
    assert_xp(doc, "string(//activity-status/@code)", "1");
    assert_xp(doc, "count(//activity-date[@type='1' or @type='3'])", "2");
    assert_xp(doc, "string(//iati-identifier)", "XM-DAC-41114-DEC-2026");
    xmlFreeDoc(doc);
    arena_release(&a);
}

Test(project_iati, one_result_per_title_with_its_indicators)
{
    struct arena a = ARENA_INIT;
    struct project p = sample();
    xmlDocPtr doc = write_and_parse(&p, &a);
    assert_xp(doc, "count(//result)", "2");
    assert_xp(doc, "string(//result[1]/@type)", "1");
    assert_xp(doc, "string(//result[1]/title/narrative)", "Young people gain digital skills");
    assert_xp(doc, "count(//result[1]/indicator)", "2");
    assert_xp(doc, "string(//result[1]/indicator[2]/title/narrative)", "Mentors developed");
    assert_xp(doc, "string(//result[2]/@type)", "2");
    assert_xp(doc, "string(//result[2]/indicator/title/narrative)", "Learning hours & more <tags>");
    assert_xp(doc, "count(//indicator[@measure='1' and @ascending='true'])", "3");
    assert_xp(doc, "string(//result[1]/indicator[2]/baseline/@value)", "5");
    assert_xp(doc, "string(//result[1]/indicator[2]/baseline/@year)", "2026");
    assert_xp(doc, "string(//result[2]/indicator/baseline/@value)", "12");
    xmlFreeDoc(doc);
    arena_release(&a);
}

Test(project_iati, periods_targets_actuals_and_sex)
{
    struct arena a = ARENA_INIT;
    struct project p = sample();
    xmlDocPtr doc = write_and_parse(&p, &a);
    const char *q1 = "//result[1]/indicator[1]/period[1]";
    char e[200];
#define AT(fmt) (snprintf(e, sizeof(e), fmt, q1), e)
    assert_xp(doc, "count(//result[1]/indicator[1]/period)", "3");
    assert_xp(doc, AT("string(%s/period-start/@iso-date)"), "2026-01-01");
    assert_xp(doc, AT("string(%s/period-end/@iso-date)"), "2026-03-31");
    assert_xp(doc, AT("string(%s/target/@value)"), "100");
    /* signed off: the signed number and its split, not today's count */
    assert_xp(doc, AT("string(%s/actual[not(dimension)]/@value)"), "90");
    assert_xp(doc, AT("string(%s/actual[dimension/@value='female']/@value)"), "50");
    assert_xp(doc, AT("string(%s/actual[dimension/@value='male']/@value)"), "40");
    assert_xp(doc, AT("count(%s/actual)"), "3");
    q1 = "//result[1]/indicator[1]/period[2]";
    assert_xp(doc, AT("string(%s/actual[not(dimension)]/@value)"), "30");
    assert_xp(doc, AT("string(%s/actual[dimension/@value='unknown']/@value)"), "1");
    assert_xp(doc, AT("count(%s/actual)"), "4");
    /* not begun yet: a target, no actual */
    q1 = "//result[1]/indicator[1]/period[3]";
    assert_xp(doc, AT("count(%s/actual)"), "0");
    assert_xp(doc, AT("string(%s/target/@value)"), "300");
    /* hours: decimals as written, no split; the one-day period is left out */
    assert_xp(doc, "count(//result[2]/indicator/period)", "1");
    assert_xp(doc, "string(//result[2]/indicator/period/target/@value)", "1000.5");
    assert_xp(doc, "string(//result[2]/indicator/period/actual/@value)", "412.25");
    assert_xp(doc, "count(//result[2]//dimension)", "0");
#undef AT
    /* the rules: every target and actual has a value; one sex dimension each, and only sex */
    assert_xp(doc, "count(//target[not(@value)] | //actual[not(@value)])", "0");
    assert_xp(doc, "count(//actual[count(dimension) > 1])", "0");
    assert_xp(doc, "count(//dimension[@name != 'sex'])", "0");
    assert_xp(doc, "count(//period[translate(period-start/@iso-date, '-', '') >= translate(period-end/@iso-date, '-', '')])", "0");
    xmlFreeDoc(doc);
    arena_release(&a);
}
