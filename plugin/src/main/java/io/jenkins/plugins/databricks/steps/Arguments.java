package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.Util;

/** The step-level checks of mandatory arguments, worded the same for Pipeline steps and build steps. */
final class Arguments {

    private Arguments() {}

    /**
     * @param field the argument's name as the user writes it
     * @param what what the argument is, for the message
     * @return the trimmed value
     * @throws AbortException naming the field when the value is missing or blank
     */
    static String required(String field, String value, String what) throws AbortException {
        String trimmed = Util.fixEmptyAndTrim(value);
        if (trimmed == null) {
            throw new AbortException(field + " is required: " + what);
        }
        return trimmed;
    }

    /** @throws AbortException naming the field when the number of minutes is below one */
    static int minutes(String field, int minutes) throws AbortException {
        if (minutes < 1) {
            throw new AbortException(field + " must be at least 1 (minutes), not " + minutes);
        }
        return minutes;
    }
}
