/*
 * Item analysis as Moodle's quiz statistics report does it: the facility
 * index (how easy a question was: the mean score in percent) and the
 * discrimination index (whether those who did well on the question did well
 * on the rest of the quiz: the Pearson correlation of the question's score
 * with the attempt's score on the other questions, in percent). No database.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"

#include <math.h>

void quiz_item_analysis(const double *score, size_t na, size_t nq, double *facility,
                        double *discrimination)
{
    for (size_t j = 0; j < nq; j++) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        size_t n = 0;

        for (size_t i = 0; i < na; i++) {
            double x = score[i * nq + j];
            if (x < 0)
                continue; /* this attempt did not get question j */
            double rest = 0;
            for (size_t k = 0; k < nq; k++)
                if (k != j && score[i * nq + k] >= 0)
                    rest += score[i * nq + k];
            sx += x;
            sy += rest;
            sxx += x * x;
            syy += rest * rest;
            sxy += x * rest;
            n++;
        }
        facility[j] = n ? 100.0 * sx / (double)n : NAN;
        double vx = (double)n * sxx - sx * sx, vy = (double)n * syy - sy * sy;
        /* a question everyone scored alike (or a quiz of one question) says nothing */
        if (n < 2 || vx <= 1e-12 || vy <= 1e-12)
            discrimination[j] = NAN;
        else
            discrimination[j] = 100.0 * ((double)n * sxy - sx * sy) / sqrt(vx * vy);
    }
}
