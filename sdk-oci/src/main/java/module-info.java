/**
 * Any OCI Distribution registry (GHCR, Docker Hub, Harbor, Amazon ECR's OCI endpoint, distribution)
 * as a Baton {@link dev.baton.spi.ImageRegistry}: {@link dev.baton.oci.OciImageRegistry}, over the
 * JDK's HTTP clients, with credentials from a {@link dev.baton.oci.CredentialsProvider}.
 */
module dev.baton.oci {
  requires transitive dev.baton;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.baton.oci;
}
