package example.restaurant.api.idempotency;

/** The idempotency key was already used for a different request on the same endpoint and reservation. */
public final class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException() {
    super(
        "this Idempotency-Key was already used with a different request body on this endpoint; use a new key",
        null,
        false,
        false);
  }
}
