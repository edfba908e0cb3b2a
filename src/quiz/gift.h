/*
 * Moodle GIFT question files: a parser into a plain model allocated from an
 * arena, and a writer back to GIFT text (issue 4). No database, no pages: the
 * quiz module's import, export and `dars import gift` build on this.
 *
 * The constructs understood, as in https://docs.moodle.org/en/GIFT_format:
 *   // comment lines            a blank line ends a question
 *   $CATEGORY: path             category of the questions that follow
 *   ::title::[format]text{answers}more text
 *   {=right ~wrong#feedback}    single; several '~%50%' weights and no '=' is multiple
 *   {T} {TRUE} {F#wrong fb#right fb}   truefalse
 *   {=one =%50%two}             short          {#3.14:0.01} {#1..5} {#=5:0 =%50%5:1}  numerical
 *   {=a -> b =c -> d}           matching       {}  essay       no braces: description
 *   {... ####general feedback}  escapes \~ \= \# \{ \} \: \n, and \\ and \- (Dars additions,
 *                               so any text round-trips; Moodle keeps them literally)
 * Fill-in-the-middle ("Moodle costs {~lots =nothing} to download.") keeps the
 * text with the blank marker GIFT_BLANK where the braces were.
 */
#ifndef DARS_QUIZ_GIFT_H
#define DARS_QUIZ_GIFT_H

#include "core/arena.h"
#include "core/buf.h"

#define GIFT_BLANK "_____"

/*
 * One answer. text is NULL for numerical answers (value and tolerance say it
 * all) except "*", Moodle's catch-all for any other number ({#3:2 ~#wrong}); match is the right-hand side of a matching pair, NULL otherwise;
 * feedback is NULL when there is none. fraction is the credit, -1 to 1
 * ("=" is 1, "~" is 0, "%50%" is 0.5). truefalse questions have two answers,
 * "true" and "false", the right one with fraction 1, each with the feedback
 * shown when it is picked.
 */
struct gift_answer {
    const char *text, *feedback, *match;
    double fraction, value, tolerance;
    /* a [format] marker on the text or the feedback (Moodle's per-answer formats); NULL
     * when there was none: the question's format applies */
    const char *format, *feedback_format;
};

/*
 * One question. type is a static string: "single", "multiple", "truefalse",
 * "short", "numerical", "matching", "essay" or "description". format is
 * "moodle" (the default), "markdown", "html" or "plain". name, category and
 * general_feedback are NULL when absent; text is never NULL (may be "").
 * line is the 1-based line where the question starts.
 */
struct gift_question {
    int line;
    const char *type, *name, *text, *format, *category, *general_feedback;
    const char *general_feedback_format; /* NULL: the question's format */
    struct gift_answer *answers;
    size_t nanswers;
};

/* A question that could not be read: where it starts and why (an N_() msgid, for _()). */
struct gift_error {
    int line;
    const char *reason;
};

/*
 * Parse len bytes of GIFT (any bytes: never crashes). Everything is allocated
 * from a. *qs gets the questions that parsed, in file order; *errs one entry
 * per question that did not (that question is skipped, parsing goes on with
 * the next one). Returns 0 when there are no errors, DARS_EINVALID otherwise;
 * the outputs are set either way.
 */
int gift_parse(struct arena *a, const char *src, size_t len, struct gift_question **qs /* OUT */,
               size_t *nq /* OUT */, struct gift_error **errs /* OUT */, size_t *nerr /* OUT */);

/*
 * Append the GIFT text of nq questions to out, escaping what needs it, with a
 * $CATEGORY: line whenever the category changes. What gift_parse returns
 * comes back equal from gift_parse(gift_write(...)). Returns 0, or
 * DARS_EINVALID for a question whose type is unknown (out then holds the
 * questions before it).
 */
int gift_write(struct buf *out, const struct gift_question *qs, size_t nq);

#endif
