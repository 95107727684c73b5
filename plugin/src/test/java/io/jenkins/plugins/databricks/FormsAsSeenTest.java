package io.jenkins.plugins.databricks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import hudson.model.FreeStyleProject;
import io.jenkins.plugins.databricks.builders.DatabricksBuilder;
import io.jenkins.plugins.databricks.steps.StartClusterStep;
import io.jenkins.plugins.databricks.steps.operations.SetPermissionsStep;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** What an administrator and a job author see in the browser: titles, labels, help placement, in-place checks. */
@WithJenkins
class FormsAsSeenTest {

    @Test
    void workspaceCardsAreTitledByNameAndHostAndFollowTyping(JenkinsRule r) throws Exception {
        TestSupport.configure(TestSupport.workspace("prod", "https://a.cloud.databricks.com", "a", true),
                TestSupport.workspace("staging", "https://b.cloud.databricks.com", "b", false));
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.goTo("configure");
        wc.waitForBackgroundJavaScript(2000);

        assertThat(titles(page), contains("prod (https://a.cloud.databricks.com)", "staging (https://b.cloud.databricks.com)"));

        HtmlInput name = (HtmlInput) page.querySelectorAll(".databricks-workspaces input[name='_.name']").get(1);
        name.setValue("");
        name.type("qa");
        assertThat(titles(page), contains("prod (https://a.cloud.databricks.com)", "qa (https://b.cloud.databricks.com)"));
    }

    @Test
    void anEmptyWorkspaceNameIsReportedInPlaceOnlyOnceTheFieldIsLeftEmpty(JenkinsRule r) throws Exception {
        TestSupport.configure(TestSupport.workspace("prod", "https://a.cloud.databricks.com", "a", true));
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.goTo("configure");
        wc.waitForBackgroundJavaScript(2000);
        assertThat("an untouched form shows no error", page.asNormalizedText(), not(containsString("Give the workspace a name")));

        HtmlInput name = page.querySelector(".databricks-workspaces input[name='_.name']");
        name.focus();
        name.setValue("");
        name.blur();
        wc.waitForBackgroundJavaScript(2000);

        assertThat(page.asNormalizedText(), containsString("Give the workspace a name, such as prod"));
    }

    @Test
    void labelsUseTheDatabricksVocabulary(JenkinsRule r) throws Exception {
        TestSupport.configure(TestSupport.workspace("prod", "https://a.cloud.databricks.com", "a", true));
        JenkinsRule.WebClient wc = r.createWebClient();
        String system = wc.goTo("configure").asNormalizedText();
        assertThat(system, not(containsString("Host URL")));

        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new DatabricksBuilder(new StartClusterStep("0123-456789-abcdefgh")));
        HtmlPage configure = wc.getPage(p, "configure");
        wc.waitForBackgroundJavaScript(5000); // the chosen operation's fields are loaded by the page's script
        String job = configure.asNormalizedText();
        assertThat(job, containsString("Cluster ID"));
        assertThat(job, not(containsString("Cluster id")));
    }

    @Test
    void theGrantsOfSetPermissionsShowTheirHelp(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new DatabricksBuilder(new SetPermissionsStep("clusters", "0123-456789-abcdefgh")));
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.getPage(p, "configure");
        wc.waitForBackgroundJavaScript(5000); // the chosen operation's fields are loaded by the page's script

        assertThat("the Grants entry links its help", page.querySelectorAll(
                "[helpURL$='" + r.jenkins.getDescriptorOrDie(SetPermissionsStep.class).getId()
                        + "/help/accessControlList']").size() > 0);
    }

    @Test
    void theChosenOperationsHelpIsAnEntryInsideItsCard(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new DatabricksBuilder(new StartClusterStep("0123-456789-abcdefgh")));
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.getPage(p, "configure");
        wc.waitForBackgroundJavaScript(5000); // the chosen operation's fields are loaded by the page's script

        DomNode card = page.querySelector("[descriptorid='" + DatabricksBuilder.class.getName() + "']");
        assertThat("no help is placed beside the drop-down", card.querySelectorAll(".jenkins-select-help").size(), is(0));
        HtmlAnchor help = null;
        for (DomNode label : card.querySelectorAll(".dropdownList-container .jenkins-form-label")) {
            if (label.getTextContent().contains("About this operation")) {
                help = label.querySelector("a.jenkins-help-button");
            }
        }
        assertThat("the operation's help is the \"?\" of an entry in the card", help, notNullValue());
        assertThat(help.getAttribute("helpURL"), endsWith(StartClusterStep.class.getName() + "/help"));
        assertThat(card.getTextContent(), containsString("The Pipeline step databricksStartCluster"));
        assertThat(card.getTextContent(), not(containsString("then returns the cluster as a map")));

        help.click();
        wc.waitForBackgroundJavaScript(5000); // the help text is fetched by the page's script
        assertThat("the help opens inside the card", card.getTextContent(), containsString("then returns the cluster as a map"));
    }

    @Test
    void submitRunTasksAreEntriesWithATypeDropDownNotJson(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new DatabricksBuilder(new io.jenkins.plugins.databricks.steps.run.SubmitRunStep(
                new ArrayList<>(List.of(java.util.Map.of("type", "sql_file", "path", "/Shared/checks.sql",
                        "warehouse_id", "1234567890abcdef"))))));
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage page = wc.getPage(p, "configure");
        wc.waitForBackgroundJavaScript(5000); // the chosen operation's fields are loaded by the page's script

        List<String> kinds = new ArrayList<>();
        DomNode select = page.querySelector(".databricks-task select");
        assertThat("each task has a type drop-down", select, notNullValue());
        for (DomNode option : select.querySelectorAll("option")) {
            kinds.add(option.getTextContent().trim());
        }
        assertThat(kinds, is(List.of("Notebook", "Python file", "Python wheel", "JAR", "SQL file")));
        String text = page.asNormalizedText();
        assertThat(text, containsString("SQL warehouse ID"));
        assertThat(text, not(containsString("Tasks (JSON list)")));
        assertThat(page.querySelector("input[name='warehouse_id']").getAttributes().getNamedItem("value")
                .getNodeValue(), is("1234567890abcdef"));
    }

    private static List<String> titles(HtmlPage page) {
        List<String> titles = new ArrayList<>();
        for (DomNode n : page.querySelectorAll(".databricks-workspaces .repeated-chunk:not(.to-be-removed) .databricks-workspace-title")) {
            titles.add(((DomElement) n).getTextContent().trim());
        }
        return titles;
    }
}
