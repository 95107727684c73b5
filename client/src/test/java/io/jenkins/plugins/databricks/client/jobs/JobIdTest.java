package io.jenkins.plugins.databricks.client.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A job id typed as text is read strictly: a typo is an error naming the field, never job 0. */
class JobIdTest {

    @Test
    void aWholeNumberIsTheJobId() {
        assertEquals(42, RunNowRequest.parseJobId(" 42 "));
        assertEquals(987654321012345L, RunNowRequest.parseJobId("987654321012345"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "0", "-3", "4.2", "42abc", "${JOB_ID}", "99999999999999999999"})
    void anythingElseIsRefusedNamingTheFieldAndWhatIsAccepted(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunNowRequest.parseJobId(text));
        assertTrue(e.getMessage().startsWith("jobId must be the numeric id of a Databricks job"), e.getMessage());
        assertTrue(e.getMessage().contains("such as 42; got '" + text.strip() + "'"), e.getMessage());
    }
}
