package io.queuey.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where Payara Micro's CPU went during the measured phases, from its JFR execution samples: the
 * hottest methods by own time, own time by package, and Queuey's methods with everything they call
 * (inclusive), plus the time lost in GC pauses.
 */
final class JfrSummary {

  private JfrSummary() {}

  /** The events of {@code recording} from {@code from} on. */
  static String summarize(Path recording, int top, Instant from) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> selfByPackage = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    Duration gcPauses = Duration.ZERO;
    int gcs = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (event.getStartTime().isBefore(from)) {
        continue;
      }
      String type = event.getEventType().getName();
      if (type.equals("jdk.GarbageCollection")) {
        gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
        gcs++;
        continue;
      }
      if (!type.equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      String leaf = name(frames.get(0));
      self.merge(leaf, 1, Integer::sum);
      selfByPackage.merge(packageOf(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = name(frame);
        if (isInteresting(method) && seen.add(method)) {
          inclusive.merge(method, 1, Integer::sum);
        }
      }
    }
    var text = new StringBuilder();
    text.append(
        String.format(
            "JFR execution samples of Payara Micro since %s: %d; GC: %d collections, %d ms of"
                + " pauses%n",
            from, samples, gcs, gcPauses.toMillis()));
    append(text, "Own time by method", self, samples, top);
    append(text, "Own time by package", selfByPackage, samples, top);
    append(
        text,
        "Inclusive time (Queuey, JAX-RS, servlet, CDI, JSON, driver entry points)",
        inclusive,
        samples,
        top * 2);
    return text.toString();
  }

  /** Frames that mark a layer of the request path, so that its inclusive share is telling. */
  private static boolean isInteresting(String method) {
    return method.startsWith("io.queuey.")
        || method.startsWith("org.glassfish.jersey.server.ServerRuntime")
        || method.startsWith("org.glassfish.jersey.servlet.ServletContainer.service")
        || method.startsWith("org.glassfish.jersey.message.internal.WriterInterceptorExecutor")
        || method.startsWith("org.glassfish.jersey.server.model.ResourceMethodInvoker.invoke")
        || method.startsWith("org.apache.catalina.core.StandardWrapperValve.invoke")
        || method.startsWith("org.apache.catalina.core.ApplicationFilterChain.doFilter")
        || method.startsWith("org.jboss.weld.contexts.AbstractContext.get")
        || method.startsWith("org.jboss.weld.bean.proxy")
        || method.startsWith("org.eclipse.yasson.internal.SerializationContextImpl.serialize")
        || method.startsWith("com.fasterxml.jackson.databind.ObjectMapper.writeValue")
        || method.startsWith("com.datastax.oss.driver.internal.core.cql.CqlRequestHandler")
        || method.startsWith("com.datastax.oss.driver.internal.core.session.DefaultSession.execute")
        || method.startsWith("io.netty.channel.nio.NioEventLoop.run")
        || method.startsWith("org.glassfish.grizzly.http.HttpServerFilter.handleRead")
        || method.startsWith("org.glassfish.grizzly.nio.transport.TCPNIOTransport")
        || method.startsWith("fish.payara.");
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String packageOf(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    String[] parts = type.split("\\.");
    return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
  }

  private static void append(
      StringBuilder text, String title, Map<String, Integer> counts, int samples, int top) {
    text.append(String.format("%n%s:%n", title));
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            entry ->
                text.append(
                    String.format(
                        "  %5.1f%%  %s%n", 100.0 * entry.getValue() / samples, entry.getKey())));
  }
}
