package io.jenkins.plugins.databricks.steps.operations;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class SetPermissionsStepTest {

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static AccessControlEntryConfig grant(String kind, String principal, String level) {
        AccessControlEntryConfig g = new AccessControlEntryConfig(level);
        switch (kind) {
            case "user" -> g.setUser(principal);
            case "group" -> g.setGroup(principal);
            default -> g.setServicePrincipal(principal);
        }
        return g;
    }

    @Test
    void snippetGeneratorWritesGrantsAsMaps(JenkinsRule r) throws Exception {
        SetPermissionsStep step = new SetPermissionsStep("clusters", "0123-456789-abcdefgh");
        step.setAccessControlList(List.of(
                grant("user", "someone@example.com", "CAN_MANAGE"),
                grant("group", "eng", "CAN_RESTART"),
                grant("servicePrincipal", "6f0e1c2a-0000-4000-8000-000000000001", "CAN_ATTACH_TO")));
        new SnippetizerTester(r).assertRoundTrip(step, "databricksSetPermissions accessControlList: ["
                + "[level: 'CAN_MANAGE', user: 'someone@example.com'], "
                + "[group: 'eng', level: 'CAN_RESTART'], "
                + "[level: 'CAN_ATTACH_TO', servicePrincipal: '6f0e1c2a-0000-4000-8000-000000000001']], "
                + "objectId: '0123-456789-abcdefgh', objectType: 'clusters'");
    }

    @Test
    void grantsGivenAsMapsReachTheObjectAndTheResultIsReturned(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String id = fixture.emulator.clusters().create("shared");
        WorkflowRun b = runPipeline(r, "def acl = databricksSetPermissions objectType: 'clusters', objectId: '" + id
                + "', accessControlList: [[user: 'someone@example.com', level: 'CAN_MANAGE'],"
                + " [group: 'eng', level: 'CAN_RESTART'],"
                + " [servicePrincipal: 'app-0001', level: 'CAN_ATTACH_TO']]\n"
                + "for (e in acl.access_control_list) {\n"
                + "  echo \"grant ${e.user_name ?: e.group_name ?: e.service_principal_name}"
                + " ${e.all_permissions[0].permission_level}\"\n"
                + "}", Result.SUCCESS);
        r.assertLogContains("grant someone@example.com CAN_MANAGE", b);
        r.assertLogContains("grant eng CAN_RESTART", b);
        r.assertLogContains("grant app-0001 CAN_ATTACH_TO", b);
    }

    @Test
    void aLevelTheObjectTypeDoesNotKnowFailsBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String id = fixture.emulator.clusters().create("shared");
        WorkflowRun b = runPipeline(r, "databricksSetPermissions objectType: 'clusters', objectId: '" + id
                + "', accessControlList: [[user: 'someone@example.com', level: 'CAN_RUN']]", Result.FAILURE);
        r.assertLogContains("CAN_RUN", b);
        r.assertLogContains("CAN_ATTACH_TO", b); // the message lists the levels clusters accept
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }

    @Test
    void aGrantWithoutOrWithTwoPrincipalsIsRejectedWithItsPosition(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun none = runPipeline(r, "databricksSetPermissions objectType: 'clusters', objectId: 'x',"
                + " accessControlList: [[user: 'a@example.com', level: 'CAN_MANAGE'], [level: 'CAN_MANAGE']]",
                Result.FAILURE);
        r.assertLogContains("accessControlList[1]: give one of user, group or servicePrincipal", none);
        WorkflowRun two = runPipeline(r, "databricksSetPermissions objectType: 'clusters', objectId: 'x',"
                + " accessControlList: [[user: 'a@example.com', group: 'eng', level: 'CAN_MANAGE']]",
                Result.FAILURE);
        r.assertLogContains("accessControlList[0]: give only one of user, group or servicePrincipal", two);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }

    @Test
    void replaceLeavesOnlyTheGivenDirectGrants(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String id = fixture.emulator.clusters().create("shared");
        WorkflowRun b = runPipeline(r, "databricksSetPermissions objectType: 'clusters', objectId: '" + id
                + "', accessControlList: [[user: 'old@example.com', level: 'CAN_MANAGE']]\n"
                + "def acl = databricksSetPermissions objectType: 'clusters', objectId: '" + id
                + "', replace: true, accessControlList: [[group: 'eng', level: 'CAN_RESTART']]\n"
                + "def direct = []\n"
                + "for (e in acl.access_control_list) {\n"
                + "  for (p in e.all_permissions) {\n"
                + "    if (!p.inherited) { direct << (e.user_name ?: e.group_name ?: e.service_principal_name) }\n"
                + "  }\n"
                + "}\n"
                + "echo \"direct=${direct}\"", Result.SUCCESS);
        r.assertLogContains("direct=[eng]", b);
    }
}
