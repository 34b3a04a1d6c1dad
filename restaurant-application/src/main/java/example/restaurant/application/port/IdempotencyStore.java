package example.restaurant.application.port;

import java.util.Optional;

/**
 * The first outcome of each client request that carried an idempotency key, so that a retry gets the same answer
 * and writes nothing new.
 *
 * <p>Contract: {@link #find} returns a record only while it has not expired ({@code expiresAt} is in the past for an
 * expired one); it is a point lookup by key. {@link #save} keeps the first live record of a key: saving a key that
 * already has a live record changes nothing, saving over an expired one replaces it.
 */
public interface IdempotencyStore {

  Optional<IdempotencyRecord> find(String key);

  void save(IdempotencyRecord record);
}
