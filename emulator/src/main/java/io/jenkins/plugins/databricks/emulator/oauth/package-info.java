/**
 * OAuth: {@code OAuthApi} serves the token endpoint (client credentials and token exchange) and the discovery
 * documents; {@code Federation} holds service principal federation policies and verifies the subject JWTs of a
 * token exchange against the issuer's JWKS; {@code OidcIssuer} is a small issuer for tests.
 *
 * <p>Depends on {@code server} and {@code iam}.
 */
package io.jenkins.plugins.databricks.emulator.oauth;
