/**
 * The credentials kind for a Databricks service principal (OAuth machine-to-machine: application id and secret).
 * Personal access tokens use the plain-credentials plugin's secret text. Depends on Jenkins' credentials API only.
 */
package io.jenkins.plugins.databricks.credentials;
