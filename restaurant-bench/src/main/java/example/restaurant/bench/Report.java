package example.restaurant.bench;

import java.util.ArrayList;
import java.util.List;

/** The table the bench prints: each figure beside its baseline (measured in the same run) and its target. */
final class Report {

  private record Row(String figure, String value, String baseline, String target, Boolean met) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  synchronized void row(String figure, String value, String baseline, String target, Boolean met) {
    rows.add(new Row(figure, value, baseline, target, met));
  }

  synchronized void note(String note) {
    notes.add(note);
  }

  synchronized String render() {
    StringBuilder b = new StringBuilder();
    b.append("| figure | measured | baseline (same run, same server) | target | met |\n");
    b.append("|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append("| ").append(r.figure()).append(" | ").append(r.value()).append(" | ").append(r.baseline())
          .append(" | ").append(r.target()).append(" | ")
          .append(r.met() == null ? "" : r.met() ? "yes" : "**no**").append(" |\n");
    }
    b.append('\n');
    for (String n : notes) {
      b.append("- ").append(n).append('\n');
    }
    return b.toString();
  }
}
