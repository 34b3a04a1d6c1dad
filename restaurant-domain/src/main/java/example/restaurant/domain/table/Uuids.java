package example.restaurant.domain.table;

import java.util.UUID;
import java.util.regex.Pattern;

final class Uuids {

  // UUID.fromString accepts shortened forms such as "1-2-3-4-5"; ids on the wire are canonical only.
  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Uuids() {}

  static UUID parse(String text, String field) {
    InvalidValueException.check(
        text != null && CANONICAL.matcher(text).matches(), field, "must be a UUID");
    return UUID.fromString(text);
  }
}
