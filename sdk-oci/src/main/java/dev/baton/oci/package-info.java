/**
 * Promotion on any OCI Distribution registry: {@link dev.baton.oci.OciImageRegistry} resolves,
 * retags and copies images by their exact manifest bytes, and {@link
 * dev.baton.oci.CredentialsProvider} supplies {@link dev.baton.oci.RegistryCredentials} per
 * registry host.
 */
package dev.baton.oci;
