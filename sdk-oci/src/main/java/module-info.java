/** Any OCI Distribution registry over {@code java.net.http}. Not built yet: the module holds no provider. */
module dev.baton.oci {
  requires dev.baton;
}
