package dev.switchboard.provider;

/** Carries a {@link Failure} out of an adapter (e.g. a 200 response whose body cannot be read). */
public final class UpstreamFailureException extends RuntimeException {
  private final transient Failure failure;

  public UpstreamFailureException(Failure failure) {
    super(failure.message(), null, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
