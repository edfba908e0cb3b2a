/*
 * The table of modules (modules.c): what each domain module brings to the
 * layers below it. Only the command line includes this.
 */
#ifndef DARS_MODULES_H
#define DARS_MODULES_H

struct db;

struct module {
    const char *name;          /* its folder under src/ */
    int (*init)(struct db *db); /* start-up work after migrations, or NULL */
};

/* lowest first; ends with a row whose name is NULL */
extern const struct module modules[];

/*
 * Fill the hooks of the layers below (http/hooks.h), then run every module's
 * init in order; the first failure stops and is returned.
 */
int modules_init(struct db *db);

#endif
