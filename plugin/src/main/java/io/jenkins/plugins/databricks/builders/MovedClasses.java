package io.jenkins.plugins.databricks.builders;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Items;
import io.jenkins.plugins.databricks.steps.files.DownloadStep;
import io.jenkins.plugins.databricks.steps.files.ImportStep;
import io.jenkins.plugins.databricks.steps.files.UploadStep;
import io.jenkins.plugins.databricks.steps.operations.AccessControlEntryConfig;
import io.jenkins.plugins.databricks.steps.operations.ApiStep;
import io.jenkins.plugins.databricks.steps.operations.CreateSecretScopeStep;
import io.jenkins.plugins.databricks.steps.operations.PutSecretStep;
import io.jenkins.plugins.databricks.steps.operations.SetPermissionsStep;
import io.jenkins.plugins.databricks.steps.operations.UpdateRepoStep;
import io.jenkins.plugins.databricks.steps.run.RunJobStep;
import io.jenkins.plugins.databricks.steps.run.SubmitRunStep;
import io.jenkins.plugins.databricks.steps.sql.SqlStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import java.util.List;

/**
 * The class names a freestyle job's {@code config.xml} holds for its Databricks build steps (the step class of each
 * {@link DatabricksBuilder}, and the access control entries of a permissions step) as they were before issue 22 moved
 * the step classes from {@code steps} to its sub-packages: jobs saved before the move keep loading.
 */
public final class MovedClasses {
    /** Every class that moved and can be named in a job's configuration. */
    static final List<Class<?>> MOVED = List.of(ApiStep.class, CreateSecretScopeStep.class, PutSecretStep.class,
            SetPermissionsStep.class, UpdateRepoStep.class, AccessControlEntryConfig.class, UploadStep.class,
            ImportStep.class, DownloadStep.class, RunJobStep.class, SubmitRunStep.class, SqlStep.class);

    private MovedClasses() {
    }

    /** Registers the former names before any job is loaded. */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void addCompatibilityAliases() {
        for (Class<?> c : MOVED) {
            Items.XSTREAM2.addCompatibilityAlias(DatabricksStepDescriptor.FORMER_PACKAGE + c.getSimpleName(), c);
        }
    }
}
