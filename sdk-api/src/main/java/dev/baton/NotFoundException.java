package dev.baton;

/** Something the flow needs does not exist: an image tag, a release, a stack output. */
public class NotFoundException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was not found, and where
   * @param hint what to check
   * @param cause the vendor exception, or {@code null}
   */
  public NotFoundException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  /**
   * The image of a reference does not exist in its registry.
   *
   * @param image the reference looked up
   * @return the exception, with the seed's hint for a missing image
   */
  public static NotFoundException image(ImageReference image) {
    return new NotFoundException("image " + image + " not found", Hints.IMAGE_NOT_FOUND, null);
  }
}
