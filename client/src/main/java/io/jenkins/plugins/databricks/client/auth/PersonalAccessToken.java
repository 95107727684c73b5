package io.jenkins.plugins.databricks.client.auth;

/** A personal access token sent as a bearer token. */
public final class PersonalAccessToken implements AuthMethod {
    private final String token;

    PersonalAccessToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be empty; expected a Databricks personal access token"
                    + " (dapi...)");
        }
        if (token.strip().chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("token must not contain spaces or control characters");
        }
        this.token = token.strip();
    }

    @Override
    public String authorization(TokenEndpoint tokenEndpoint) {
        return "Bearer " + token;
    }

    @Override
    public String redact(String text) {
        return text == null ? null : text.replace(token, "****");
    }

    /** A digest of the token, equal for equal tokens; never the token. */
    public String fingerprint() {
        return "pat:" + OAuthM2M.digest(token);
    }

    @Override
    public String description() {
        return "personal access token";
    }

    @Override
    public String toString() {
        return "PersonalAccessToken[****]";
    }
}
