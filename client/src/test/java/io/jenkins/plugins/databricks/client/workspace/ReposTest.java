package io.jenkins.plugins.databricks.client.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Promoting by updating a Git folder: find by path, create when asked, branch or tag, expected commit. */
class ReposTest {
    private static final String URL = "https://github.com/acme/etl.git";
    private static final String MAIN = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String RELEASE = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static DatabricksEmulator emu;
    private static DatabricksClient client;

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().start();
        client = TestSupport.client(emu).rateLimit(1000).build();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.reset();
        emu.repos().setRef(URL, "main", MAIN);
        emu.repos().setRef(URL, "release", RELEASE);
        emu.repos().setRef(URL, "v1.0", RELEASE);
    }

    @Test
    void createsWhenAskedThenMovesToTheBranch() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        Map<String, Object> repo = client.repos().update(RepoUpdateRequest.builder("/Workspace/Repos/ci/etl")
                .url(URL).branch("release").createIfMissing(true).build(), progress::add);
        assertEquals(true, repo.get("created"));
        assertEquals("gitHub", repo.get("provider"), "the provider is inferred from github.com");
        assertEquals("release", repo.get("branch"));
        assertEquals(RELEASE, repo.get("head_commit_id"));
        assertEquals(MAIN, repo.get("previous_head_commit_id"));
        assertEquals(RELEASE, emu.repos().headCommit("/Repos/ci/etl"));
        assertTrue(progress.get(0).startsWith("Created Git folder /Repos/ci/etl"), progress.toString());
        assertTrue(progress.get(1).contains("branch release, commit " + RELEASE + " (was " + MAIN + ")"),
                progress.toString());

        Map<String, Object> again = client.repos().update(RepoUpdateRequest.builder("/Repos/ci/etl").tag("v1.0")
                .commit("2222222").build(), null);
        assertEquals(false, again.get("created"));
        assertEquals(RELEASE, again.get("head_commit_id"));
        assertEquals(repo.get("id"), client.repos().findByPath("/Workspace/Repos/ci/etl").get("id"));
        assertNull(client.repos().findByPath("/Repos/ci/other"));
    }

    @Test
    void anUnexpectedCommitFailsThePromotion() throws Exception {
        client.workspace().mkdirs("/Repos/ci");
        client.repos().create(URL, null, "/Repos/ci/etl");
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.repos().update(
                RepoUpdateRequest.builder("/Repos/ci/etl").branch("main").commit(RELEASE).build(), null));
        assertEquals("COMMIT_MISMATCH", e.errorCode());
        assertTrue(e.getMessage().contains("not the expected commit " + RELEASE), e.getMessage());
    }

    @Test
    void aMissingFolderOrBranchIsReported() throws Exception {
        DatabricksException missing = assertThrows(DatabricksException.class, () -> client.repos().update(
                RepoUpdateRequest.builder("/Repos/ci/etl").branch("main").build(), null));
        assertTrue(missing.isNotFound());
        assertTrue(missing.getMessage().contains("No Git folder at /Repos/ci/etl"), missing.getMessage());
        assertTrue(missing.getMessage().contains("set create (with url)"), missing.getMessage()); // the step's name
        client.workspace().mkdirs("/Repos/ci");
        client.repos().create(URL, "github", "/Repos/ci/etl");
        DatabricksException branch = assertThrows(DatabricksException.class, () -> client.repos().update(
                RepoUpdateRequest.builder("/Repos/ci/etl").branch("nope").build(), null));
        assertEquals("INVALID_PARAMETER_VALUE", branch.errorCode());
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> RepoUpdateRequest.builder("Repos/ci/etl"));
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> RepoUpdateRequest.builder("/Repos/ci/etl").branch("a").tag("b").build());
        assertEquals("branch and tag cannot both be set; give one of them", both.getMessage());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> RepoUpdateRequest.builder("/Repos/ci/etl").commit("abcdef1").build());
        assertTrue(bare.getMessage().contains("cannot check out a bare commit"), bare.getMessage());
        IllegalArgumentException provider = assertThrows(IllegalArgumentException.class,
                () -> RepoUpdateRequest.builder("/Repos/ci/etl").url("https://git.example.com/etl.git")
                        .branch("main").createIfMissing(true).build());
        assertTrue(provider.getMessage().startsWith("provider must be set for a Git server at 'git.example.com'"),
                provider.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RepoUpdateRequest.builder("/Repos/ci/etl")
                .provider("svn"));
        assertThrows(IllegalArgumentException.class, () -> RepoUpdateRequest.builder("/Repos/ci/etl")
                .url("git@github.com:acme/etl.git"));
        assertEquals(0, emu.totalRequests());
    }
}
