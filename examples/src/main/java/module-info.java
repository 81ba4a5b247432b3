/** The runnable programs. Not built yet. */
module dev.baton.examples {
  requires dev.baton;
}
