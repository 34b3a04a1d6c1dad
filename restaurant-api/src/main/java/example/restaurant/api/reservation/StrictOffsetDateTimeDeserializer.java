package example.restaurant.api.reservation;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * An ISO-8601 date-time with an offset, as a JSON string and nothing else: Jackson would also take a number as
 * epoch seconds, which no client means.
 */
final class StrictOffsetDateTimeDeserializer extends ValueDeserializer<OffsetDateTime> {

  @Override
  public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
    }
    String text = parser.getString();
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      return (OffsetDateTime) context.handleWeirdStringValue(OffsetDateTime.class, text, "not an ISO-8601 date-time");
    }
  }
}
