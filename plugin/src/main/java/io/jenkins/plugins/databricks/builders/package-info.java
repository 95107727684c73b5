/**
 * The freestyle build step: one builder whose operation is chosen from the same operations the Pipeline steps
 * run ({@code steps.DatabricksOperation}), with the same fields, checks and answers. Depends on {@code steps} and
 * the plugin's root package.
 */
package io.jenkins.plugins.databricks.builders;
