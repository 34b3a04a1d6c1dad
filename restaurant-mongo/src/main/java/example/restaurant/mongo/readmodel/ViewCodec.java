package example.restaurant.mongo.readmodel;

import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * How the views of one read model look as documents: the key as {@code _id}, the view as readable fields (money as
 * {@code …Cents} longs). The store adds {@code _id} and {@code position} itself.
 */
public interface ViewCodec<K, V> {

  /** The {@code _id} value of a key. */
  Object id(K key);

  K key(Object id);

  /** The fields of a view, without {@code _id} and {@code position}. */
  Document encode(V view);

  V decode(K key, Document document);

  /** The views that may be deleted once older than {@code before}, if this read model keeps any such markers. */
  default Optional<Bson> disposable(Instant before) {
    return Optional.empty();
  }
}
