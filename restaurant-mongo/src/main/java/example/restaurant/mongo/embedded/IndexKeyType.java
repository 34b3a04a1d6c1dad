package example.restaurant.mongo.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded server's unique indexes, so that looking a key up costs comparisons of values instead
 * of Java serialization. mongo-java-server keeps index keys ({@link KeyValue}) in an H2 map with H2's generic
 * {@link ObjectDataType}, which compares objects it does not know by serializing both: a lookup in an index of
 * 200,000 keys serialized some 36 objects, and those lookups were 40 % of the service's CPU in the benchmark
 * (docs/PERFORMANCE.md).
 *
 * <p>Keys are written and read exactly as before (by {@link ObjectDataType}), so only the order of keys in the tree
 * differs, and a file keeps the order it was created with: see {@link DurableH2Backend}. The order: value by value,
 * by class name when the classes differ, by {@code compareTo} for the value classes an index key usually holds
 * (their {@code compareTo} agrees with {@code equals}, which the unique index relies on), and by H2's own comparison
 * for anything else (documents, arrays, binary data).
 */
final class IndexKeyType extends BasicDataType<Object> {

  private static final Set<Class<?>> COMPARABLE = Set.of(
      String.class, Long.class, Integer.class, Double.class, Boolean.class, Date.class, UUID.class,
      java.time.Instant.class);

  private final ObjectDataType stored = new ObjectDataType();

  @Override
  public int compare(Object a, Object b) {
    if (a instanceof KeyValue x && b instanceof KeyValue y) {
      int common = Math.min(x.size(), y.size());
      for (int i = 0; i < common; i++) {
        int order = compareValues(x.get(i), y.get(i));
        if (order != 0) {
          return order;
        }
      }
      return Integer.compare(x.size(), y.size());
    }
    return stored.compare(a, b);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private int compareValues(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    if (a == null || b == null) {
      return a == null ? -1 : 1;
    }
    if (a.getClass() != b.getClass()) {
      return a.getClass().getName().compareTo(b.getClass().getName());
    }
    if (COMPARABLE.contains(a.getClass())) {
      return ((Comparable) a).compareTo(b);
    }
    return stored.compare(a, b);
  }

  @Override
  public int getMemory(Object key) {
    return stored.getMemory(key);
  }

  @Override
  public void write(WriteBuffer buffer, Object key) {
    stored.write(buffer, key);
  }

  @Override
  public Object read(ByteBuffer buffer) {
    return stored.read(buffer);
  }

  @Override
  public Object[] createStorage(int size) {
    return new Object[size];
  }
}
