/*
 * What the enrol module's pages share: status names and messages with a
 * value in them.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "core/i18n.h"

static const struct {
    const char *status, *label;
} labels[] = {
    { "requested", N_("Request sent") }, { "waitlisted", N_("On the waitlist") },
    { "active", N_("In progress") },     { "completed", N_("Completed") },
    { "withdrawn", N_("Withdrawn") },
};

const char *enrol_status_label(const char *lang, const char *status)
{
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
        if (streq(labels[i].status, status))
            return _(lang, labels[i].label);
    return status;
}

