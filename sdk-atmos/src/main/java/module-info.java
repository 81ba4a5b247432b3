/** The Atmos CLI as a child process. Not built yet: the module holds no provider. */
module dev.baton.atmos {
  requires dev.baton;
}
