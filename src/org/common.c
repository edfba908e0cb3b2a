/*
 * What the org module's pages and API share beyond view/form.h and http/api.h:
 * checking a time zone against the tz database, and a region's name in the
 * reader's language.
 */
#include "core/base.h"
#include "org/org_int.h"
#include "view/fmt.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZONEINFO "/usr/share/zoneinfo/"

bool org_timezone_ok(const char *tz)
{
    char path[128], magic[4];
    struct stat st;

    if (streq(tz, "UTC"))
        return true;
    /* a name, never a path: then it must be a zone file of the tz database */
    if (!fmt_zone_name_ok(tz))
        return false;
    snprintf(path, sizeof(path), ZONEINFO "%s", tz);
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return false;
    /* the folder also holds tables (zone.tab, leapseconds): a zone is a TZif file */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t got = read(fd, magic, sizeof(magic));
    close(fd);
    return got == 4 && !memcmp(magic, "TZif", 4);
}

const char *org_local_name(const char *lang, const char *name, const char *ru, const char *az,
                           const char *uz)
{
    const char *local = streq(lang, "ru") ? ru : streq(lang, "az") ? az : streq(lang, "uz") ? uz
                                                                                          : NULL;
    return local && *local ? local : name;
}
