/**
 * Jobs and runs: {@code Jobs} holds each {@code Job} and {@code Run} and moves runs through their life cycle on the
 * emulator's clock; {@code SubmitOutcomes} decides how a submitted task ends; {@code RunViews} writes a run as the
 * API answers it; {@code JobsApi} serves {@code /api/2.2/jobs} (and 2.1), {@code JobsApi20} the old 2.0 forms.
 *
 * <p>Depends on {@code server}, {@code iam} and {@code workspace} (tasks name notebooks and files).
 */
package io.jenkins.plugins.databricks.emulator.jobs;
