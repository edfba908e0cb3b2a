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
    /*
     * Work the server does every hour (and soon after it starts), or NULL:
     * run from one thread with its own connection, one module after
     * another; returns what it did (>= 0) or an error, which is logged.
     * It must be safe while other servers on the same database run it too.
     */
    int (*hourly)(struct db *db);
};

/* lowest first; ends with a row whose name is NULL */
extern const struct module modules[];

/*
 * Fill the hooks of the layers below (http/hooks.h), then run every module's
 * init in order; the first failure stops and is returned.
 */
int modules_init(struct db *db);

#endif
