package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.databricks.client.policy.RateLimiter;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import java.time.Duration;

/** The optional limits of a workspace, checked against the bounds the client accepts. */
final class Limits {

    private Limits() {
    }

    @CheckForNull
    static String rateLimitProblem(@CheckForNull Double perSecond) {
        if (perSecond == null) {
            return null;
        }
        if (!(perSecond > 0) || perSecond > RateLimiter.MAX_RATE) {
            return "rate limit must be a number of requests per second greater than 0 and at most "
                    + (long) RateLimiter.MAX_RATE + ", got " + perSecond;
        }
        return null;
    }

    @CheckForNull
    static String maxAttemptsProblem(@CheckForNull Integer attempts) {
        if (attempts == null) {
            return null;
        }
        try {
            RetryPolicy.defaults().withMaxAttempts(attempts);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @CheckForNull
    static String retryBudgetProblem(@CheckForNull Integer seconds) {
        if (seconds == null) {
            return null;
        }
        if (seconds < 1) {
            return "retry budget must be at least 1 second, got " + seconds;
        }
        try {
            RetryPolicy.defaults().withTotalBudget(Duration.ofSeconds(seconds));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static FormValidation checkRateLimit(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            return toValidation(rateLimitProblem(Double.valueOf(v)));
        } catch (NumberFormatException e) {
            return FormValidation.error("Rate limit must be a number of requests per second, such as 10; leave it "
                    + "empty for the default of " + (long) RateLimiter.DEFAULT_RATE);
        }
    }

    static FormValidation checkMaxAttempts(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            return toValidation(maxAttemptsProblem(Integer.valueOf(v)));
        } catch (NumberFormatException e) {
            return FormValidation.error("Max attempts must be a whole number such as 5; leave it empty for the default of "
                    + RetryPolicy.DEFAULT_MAX_ATTEMPTS);
        }
    }

    static FormValidation checkRetryBudgetSeconds(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            return toValidation(retryBudgetProblem(Integer.valueOf(v)));
        } catch (NumberFormatException e) {
            return FormValidation.error("Retry budget must be a whole number of seconds such as 300; leave it empty for "
                    + "the default of " + RetryPolicy.DEFAULT_TOTAL_BUDGET.toSeconds());
        }
    }

    private static FormValidation toValidation(@CheckForNull String problem) {
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }
}
