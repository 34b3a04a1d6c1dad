package example.restaurant.bench;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** 6. The JMH micro-benchmark of aggregate replay, run in a fork of its own (no service running meanwhile). */
final class Jmh {

  private Jmh() {}

  static void run(Report report, Path out) throws Exception {
    Options options = new OptionsBuilder()
        .include(ReplayBenchmark.class.getName())
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(2))
        .jvmArgs("-Xmx256m")
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve("jmh.json").toString())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<Integer, double[]> byEvents = new TreeMap<>();
    for (RunResult r : results) {
      int events = Integer.parseInt(r.getParams().getParam("events"));
      byEvents.put(events, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
    }
    double[] small = byEvents.get(50);
    double[] large = byEvents.get(1000);
    double perEventSmall = small[0] * 1000 / 50;
    double perEventLarge = large[0] * 1000 / 1000;
    report.row("6. JMH Table.replay, 50 events", String.format(Locale.ROOT, "%.2f ± %.2f µs (%.0f ns/event)",
        small[0], small[1], perEventSmall), "-", "-", null);
    report.row("6. JMH Table.replay, 1,000 events", String.format(Locale.ROOT, "%.1f ± %.1f µs (%.0f ns/event)",
        large[0], large[1], perEventLarge),
        String.format(Locale.ROOT, "linear from 50 events: %.1f µs (x%.1f per event)", small[0] * 20,
            perEventLarge / perEventSmall), "-", null);
  }
}
