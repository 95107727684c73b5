package io.jenkins.plugins.databricks.steps.sql;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code databricksSql} against the emulator's warehouses and its SQL engine. */
@WithJenkins
class SqlStepTest {

    private StepsFixture fixture;
    private String warehouse;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A running warehouse named "ci" and the docs' table main.default.orders, one order id twice. */
    private void start() throws Exception {
        fixture = StepsFixture.start(DatabricksEmulator.builder().warehouseStartDuration(Duration.ZERO));
        warehouse = fixture.emulator.sql().warehouses().create("ci");
        fixture.emulator.sql().execute("CREATE TABLE main.default.orders (order_id BIGINT, customer STRING,"
                + " amount DECIMAL(10,2), order_date DATE, paid BOOLEAN);"
                + "INSERT INTO main.default.orders VALUES (1001, 'Ada', 120.50, DATE '2026-11-30', true),"
                + " (1002, 'Grace', 75.00, DATE '2026-11-30', false), (1003, 'Linus', 310.25, DATE '2026-12-01', true),"
                + " (1003, 'Linus', 310.25, DATE '2026-12-01', true), (1005, 'Barbara', NULL, DATE '2026-12-02', NULL)");
    }

    @Test
    void snippetGeneratorWritesWhatPipelineReadsBack(JenkinsRule r) throws Exception {
        SqlStep step = new SqlStep("SELECT count(*) AS n FROM orders WHERE order_date = :day");
        step.setWarehouse("ci");
        step.setCatalog("main");
        step.setSchema("default");
        step.setParameters(Map.of("day", "2026-12-01"));
        step.setMaxRows(10);
        step.setOutputFile("out/n.csv");
        new SnippetizerTester(r).assertRoundTrip(step, "databricksSql catalog: 'main', maxRows: 10, outputFile:"
                + " 'out/n.csv', parameters: [day: '2026-12-01'], schema: 'default', statement: 'SELECT count(*) AS n"
                + " FROM orders WHERE order_date = :day', warehouse: 'ci'");
    }

    @Test
    void returnsTypedRowsColumnsAndCounts(JenkinsRule r) throws Exception {
        start();
        WorkflowRun b = runPipeline(r, "def q = databricksSql warehouse: 'ci', catalog: 'main', schema: 'default',"
                + " statement: 'SELECT order_id, customer, amount, order_date, paid FROM orders ORDER BY order_id,"
                + " customer', maxRows: 2\n"
                + "echo \"count=${q.row_count} truncated=${q.truncated} rows=${q.rows.size()}\"\n"
                + "echo \"cols=${q.columns.collect { it.name + ':' + it.type }.join(',')}\"\n"
                + "def first = q.rows[0]\n"
                + "echo \"first=${first.order_id + 1} ${first.customer} ${first.amount * 2} ${first.order_date}"
                + " ${first.paid == true} ${first.order_id.getClass().simpleName}\"\n"
                + "echo \"id=${q.statement_id}\"", Result.SUCCESS);
        r.assertLogContains("count=5 truncated=true rows=2", b);
        r.assertLogContains("cols=order_id:BIGINT,customer:STRING,amount:DECIMAL(10,2),order_date:DATE,"
                + "paid:BOOLEAN", b);
        r.assertLogContains("first=1002 Ada 241.00 2026-11-30 true Long", b);
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }

    /** The docs' data-quality gate: a table with duplicate keys fails the build, naming them. */
    @Test
    void theDocsDuplicateKeyGateFailsTheBuild(JenkinsRule r) throws Exception {
        start();
        String gate = "def dupes = databricksSql warehouse: 'ci', statement: '''\n"
                + "  SELECT order_id, count(*) AS copies FROM main.default.orders\n"
                + "  GROUP BY order_id HAVING count(*) > 1 ORDER BY order_id'''\n"
                + "if (dupes.row_count > 0) {\n"
                + "  error \"main.default.orders has ${dupes.row_count} duplicate key(s): "
                + "${dupes.rows.collect { it.order_id }.join(', ')}\"\n"
                + "}\n"
                + "echo 'no duplicate keys'";
        WorkflowRun b = runPipeline(r, gate, Result.FAILURE);
        r.assertLogContains("main.default.orders has 1 duplicate key(s): 1003", b);
        fixture.emulator.sql().execute("DELETE FROM main.default.orders WHERE order_id = 1003");
        WorkflowRun clean = runPipeline(r, gate, Result.SUCCESS);
        r.assertLogContains("no duplicate keys", clean);
    }

    /** The examples of docs/steps/databricksSql.md, as written ({@code checkout scm} aside: the job has no SCM). */
    @Test
    void theDocsExamplesRunAsWritten(JenkinsRule r) throws Exception {
        start();
        fixture.emulator.sql().warehouses().create("reporting");
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "steps", "databricksSql.md"));
        String examples = page.substring(page.indexOf("## Examples"), page.indexOf("## Scripts"));
        java.util.List<String> blocks = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```groovy\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(examples);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks.size(), is(3));
        WorkflowRun gate = runPipeline(r, blocks.get(0), Result.FAILURE);
        r.assertLogContains("main.default.orders has 1 duplicate key(s): 1003", gate);
        runPipeline(r, blocks.get(1), Result.SUCCESS);
        WorkflowRun report = runPipeline(r, blocks.get(2).replace("checkout scm", "writeFile file: 'sql/migrate.sql',"
                + " text: 'CREATE TABLE main.default.audit (id INT);\\nINSERT INTO main.default.audit VALUES (1);'"),
                Result.SUCCESS);
        r.assertLogContains("wrote 5 rows", report);
        assertThat(report.getArtifacts().get(0).getFileName(), is("orders.csv"));
    }

    @Test
    void parametersWithQuotesAndSemicolonsComeBackAsData(JenkinsRule r) throws Exception {
        start();
        String hostile = "x'); DROP TABLE main.default.orders; --";
        WorkflowRun b = runPipeline(r, "def q = databricksSql warehouse: 'ci', statement: 'SELECT :name AS name,"
                + " :n + 1 AS next, count(*) AS c FROM main.default.orders WHERE customer = :name',"
                + " parameters: [name: \"" + hostile.replace("'", "\\'") + "\", n: 41]\n"
                + "echo \"name=${q.rows[0].name} next=${q.rows[0].next} c=${q.rows[0].c}\"", Result.SUCCESS);
        r.assertLogContains("name=" + hostile + " next=42 c=0", b);
        WorkflowRun still = runPipeline(r, "echo \"orders=${databricksSql(warehouse: 'ci', statement:"
                + " 'SELECT count(*) AS n FROM main.default.orders').rows[0].n}\"", Result.SUCCESS);
        r.assertLogContains("orders=5", still);
    }

    @Test
    void aSyntaxErrorFailsTheBuildWithDatabricksMessage(JenkinsRule r) throws Exception {
        start();
        WorkflowRun b = runPipeline(r, "databricksSql warehouse: 'ci', statement: 'SELEC 1'", Result.FAILURE);
        r.assertLogContains("SQL statement", b);
        r.assertLogContains("FAILED: [PARSE_SYNTAX_ERROR]", b);
        WorkflowRun missing = runPipeline(r, "databricksSql warehouse: 'ci', statement: 'SELECT * FROM"
                + " main.default.nope'", Result.FAILURE);
        r.assertLogContains("[TABLE_OR_VIEW_NOT_FOUND]", missing);
    }

    @Test
    void aScriptRunsInOrderAndStopsAtTheFirstFailureNamingIt(JenkinsRule r) throws Exception {
        start();
        WorkflowRun ok = runPipeline(r, "node {\n"
                + "  writeFile file: 'sql/load.sql', text: '''-- a comment; with a semicolon\n"
                + "CREATE TABLE main.default.daily (day DATE, total DECIMAL(12,2));\n"
                + "INSERT INTO main.default.daily SELECT order_date, sum(amount) FROM main.default.orders"
                + " WHERE customer <> ';' GROUP BY order_date;\n"
                + "SELECT count(*) AS days FROM main.default.daily;\n'''\n"
                + "  def q = databricksSql warehouse: 'ci', statement: 'file:sql/load.sql'\n"
                + "  echo \"days=${q.rows[0].days}\"\n"
                + "}", Result.SUCCESS);
        r.assertLogContains("running statement 3 of 3 in file:sql/load.sql", ok);
        r.assertLogContains("days=3", ok);

        long before = fixture.emulator.sql().statementCount();
        WorkflowRun bad = runPipeline(r, "node {\n"
                + "  writeFile file: 'bad.sql', text: 'DELETE FROM main.default.daily;\\n"
                + "INSERT INTO main.default.nope VALUES (1);\\nDROP TABLE main.default.orders;'\n"
                + "  databricksSql warehouse: 'ci', statement: 'file:bad.sql'\n"
                + "}", Result.FAILURE);
        r.assertLogContains("statement 2 of 3 in file:bad.sql", bad);
        r.assertLogContains("[TABLE_OR_VIEW_NOT_FOUND]", bad);
        r.assertLogContains("the statements after it were not run", bad);
        assertThat("the third statement was never sent", fixture.emulator.sql().statementCount() - before, is(2L));
        WorkflowRun still = runPipeline(r, "echo \"orders=${databricksSql(warehouse: 'ci', statement:"
                + " 'SELECT count(*) AS n FROM main.default.orders').rows[0].n}\"", Result.SUCCESS);
        r.assertLogContains("orders=5", still);
    }

    @Test
    void everyRowGoesToTheOutputFileWhileTheValueKeepsMaxRows(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start(DatabricksEmulator.builder().warehouseStartDuration(Duration.ZERO)
                .sqlChunkRows(1000));
        fixture.emulator.sql().warehouses().create("ci");
        WorkflowRun b = runPipeline(r, "node {\n"
                + "  def q = databricksSql warehouse: 'ci', statement: 'SELECT i AS id, i % 7 = 0 AS lucky,"
                + " CASE WHEN i % 2 = 0 THEN NULL ELSE \\'a,\"b\\' END AS note FROM range(1, 5001) AS t(i)"
                + " ORDER BY i', maxRows: 3, outputFile: 'out/all.csv'\n"
                + "  echo \"count=${q.row_count} held=${q.rows.size()} truncated=${q.truncated}\"\n"
                + "  def lines = readFile('out/all.csv').readLines()\n"
                + "  echo \"lines=${lines.size()} head=${lines[0]} one=${lines[1]} two=${lines[2]} last=${lines[-1]}\"\n"
                + "  databricksSql warehouse: 'ci', statement: 'SELECT 1 AS one, NULL AS nothing', outputFile:"
                + " 'out/one.jsonl'\n"
                + "  echo \"jsonl=${readFile('out/one.jsonl').trim()}\"\n"
                + "}", Result.SUCCESS);
        r.assertLogContains("count=5000 held=3 truncated=true", b);
        r.assertLogContains("lines=5001 head=id,lucky,note one=1,false,\"a,\"\"b\" two=2,false, last=5000,false,", b);
        r.assertLogContains("jsonl={\"one\":1,\"nothing\":null}", b);
        r.assertLogContains("wrote 5000 row(s)", b);
    }

    @Test
    void aStoppedWarehouseIsStartedAndTheLogSaysSo(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start(DatabricksEmulator.builder().warehouseStartDuration(Duration.ZERO));
        fixture.emulator.sql().warehouses().createStopped("0123456789abcdef", "reporting");
        WorkflowRun b = runPipeline(r, "echo \"one=${databricksSql(warehouse: 'reporting', statement:"
                + " 'SELECT 1 AS one').rows[0].one}\"", Result.SUCCESS);
        r.assertLogContains("SQL warehouse 'reporting' (0123456789abcdef) was STOPPED; starting it", b);
        r.assertLogContains("one=1", b);
        assertThat(fixture.emulator.requestCount("POST", "/api/2.0/sql/warehouses/0123456789abcdef/start"), is(1L));
    }

    @Test
    void badArgumentsFailBeforeAnyRequestNamingTheField(JenkinsRule r) throws Exception {
        start();
        String[][] cases = {
            {"statement: 'SELECT 1'", "warehouse is required"},
            {"warehouse: 'ci', statement: ' '", "statement is required"},
            {"warehouse: 'ci', statement: 'SELECT 1', maxRows: -1", "maxRows must be 0 to 100000"},
            {"warehouse: 'ci', statement: 'SELECT 1', parameters: ['bad name': 1]", "'bad name' is not a parameter"},
            {"warehouse: 'ci', statement: 'SELECT 1', outputFile: '../x.csv'", "outputFile '../x.csv' must be a file"},
            {"warehouse: 'ci', statement: 'SELECT 1', outputFile: 'x.txt'", "should end in .csv"},
            {"warehouse: 'ci', statement: 'file:/etc/passwd'", "must name a .sql file inside"},
            {"warehouse: 'ci', statement: 'file:x.sql'", "call it inside a node { } block"},
            {"warehouse: 'ci', statement: 'SELECT 1', timeout: 0", "timeout must be at least 1"},
        };
        for (String[] c : cases) {
            WorkflowRun b = runPipeline(r, "databricksSql " + c[0], Result.FAILURE);
            r.assertLogContains(c[1], b);
        }
        WorkflowRun b = runPipeline(r, "databricksSql warehouse: 'nope', statement: 'SELECT 1'", Result.FAILURE);
        r.assertLogContains("no SQL warehouse has the id or name 'nope'; there are 'ci' (" + warehouse + ")", b);
        assertThat("nothing but the warehouse lookup was sent", fixture.emulator.sql().statementCount(), is(0));
    }

    @Test
    void theStopButtonCancelsTheStatement(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start(DatabricksEmulator.builder().manualClock()
                .warehouseStartDuration(Duration.ofMinutes(5)));
        fixture.emulator.sql().warehouses().createStopped("0123456789abcdef", "reporting");
        WorkflowJob job = StepsFixture.pipelineJob(r, "databricksSql warehouse: 'reporting', statement: 'SELECT 1'");
        WorkflowRun b = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("running SQL statement", b);
        b.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        r.assertLogContains("Asked Databricks to cancel statement", b);
        assertThat(fixture.emulator.requestCount("POST", "/api/2.0/sql/statements/"
                + firstStatementId(b) + "/cancel"), is(1L));
    }

    /** The statement id the log names in "running SQL statement (id)". */
    static String firstStatementId(WorkflowRun b) throws Exception {
        String log = JenkinsRule.getLog(b);
        int at = log.indexOf("running SQL statement (") + "running SQL statement (".length();
        return log.substring(at, log.indexOf(')', at));
    }
}
