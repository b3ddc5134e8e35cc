package io.radshift.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the JDK's WebSocket
 * client: opens a page as a person would, records console errors, uncaught exceptions, failed loads and every
 * request the page makes, counts broken images, and saves a screenshot. {@link #find()} is empty when no Chromium
 * is installed (tests then skip with a message; CI's {@code .ci/run} installs it).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a rendered page showed. */
    public record Page(List<String> consoleErrors, int brokenImages, int images, int svgs, int chartsDrawn,
                       List<String> requests, String title) {
    }

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private HeadlessChromium(final Process process, final int port) {
        this.process = process;
        this.port = port;
    }

    /** The Chromium binary: {@code $CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    public static Optional<Path> find() {
        final List<String> names = new ArrayList<>();
        Optional.ofNullable(System.getenv("CHROMIUM")).ifPresent(names::add);
        names.addAll(List.of("chromium", "chromium-browser"));
        final String[] path = System.getenv().getOrDefault("PATH", "").split(File.pathSeparator);
        return names.stream().flatMap(n -> n.contains("/") ? Stream.of(Path.of(n))
                : Stream.of(path).map(d -> Path.of(d, n))).filter(Files::isExecutable).findFirst();
    }

    /** Starts Chromium headless with a fresh profile in {@code profile}. */
    public static HeadlessChromium start(final Path binary, final Path profile) throws IOException {
        final Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        final CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> listeningUrl(err));
        try {
            final String ws = url.get(STEP.toSeconds(), TimeUnit.SECONDS);
            return new HeadlessChromium(process, URI.create(ws).getPort());
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("chromium did not start its DevTools endpoint: " + e.getMessage(), e);
        }
    }

    private static String listeningUrl(final BufferedReader err) {
        try {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                final Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    // Keep draining stderr so that Chromium never blocks on a full pipe.
                    final Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
                    drain.setDaemon(true);
                    drain.start();
                    return m.group(1);
                }
            }
            throw new IllegalStateException("chromium exited before listening");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens {@code page} in a new tab of {@code width} x {@code height} CSS pixels, waits for its load event, and
     * saves a PNG of the whole page (up to {@code maxHeight} pixels) to {@code screenshot}.
     */
    public Page render(final Path page, final Path screenshot, final int width, final int height, final int maxHeight)
            throws Exception {
        final JsonNode target = JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/json/new?about:blank")).PUT(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        try (Session session = new Session(http, target.get("webSocketDebuggerUrl").asText())) {
            session.call("Runtime.enable", Map.of());
            session.call("Log.enable", Map.of());
            session.call("Network.enable", Map.of());
            session.call("Page.enable", Map.of());
            session.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", false));
            final CompletableFuture<JsonNode> loaded = session.next("Page.loadEventFired");
            session.call("Page.navigate", Map.of("url", page.toUri().toString()));
            loaded.get(STEP.toSeconds(), TimeUnit.SECONDS);
            final JsonNode facts = session.evaluate("JSON.stringify({"
                    + "images: document.images.length,"
                    + "broken: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length,"
                    + "svgs: document.querySelectorAll('svg').length,"
                    + "drawn: Array.from(document.querySelectorAll('svg.chart')).filter(s => { const b = s.getBBox();"
                    + " return b.width > 100 && b.height > 100 && s.querySelectorAll('text').length > 3; }).length,"
                    + "height: document.documentElement.scrollHeight, title: document.title})");
            final int full = Math.min(maxHeight, facts.get("height").asInt());
            session.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", full,
                    "deviceScaleFactor", 1, "mobile", false));
            final JsonNode shot = session.call("Page.captureScreenshot", Map.of("format", "png"));
            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            Files.write(screenshot, Base64.getDecoder().decode(shot.get("data").asText()));
            return new Page(List.copyOf(session.errors), facts.get("broken").asInt(), facts.get("images").asInt(),
                    facts.get("svgs").asInt(), facts.get("drawn").asInt(), List.copyOf(session.requests),
                    facts.get("title").asText());
        } finally {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/close/"
                    + target.get("id").asText())).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * Stops Chromium and waits for its helper processes too: they outlive the browser process for a moment and keep
     * writing to the profile folder, which a test's temporary folder then fails to delete.
     */
    @Override
    public void close() throws InterruptedException {
        final List<ProcessHandle> helpers = process.toHandle().descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (final ProcessHandle helper : helpers) {
            helper.destroy();
            try {
                helper.onExit().get(10, TimeUnit.SECONDS);
            } catch (final ExecutionException | TimeoutException e) {
                helper.destroyForcibly();
            }
        }
    }

    /** One DevTools session on a page target: numbered calls, their results, events. */
    private static final class Session implements WebSocket.Listener, AutoCloseable {
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        Session(final HttpClient http, final String url) {
            this.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        JsonNode call(final String method, final Map<String, Object> params) throws Exception {
            final int id = ids.incrementAndGet();
            final CompletableFuture<JsonNode> result = new CompletableFuture<>();
            pending.put(id, result);
            final ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(message), true).join();
            final JsonNode reply = result.get(STEP.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + ": " + reply.get("error"));
            }
            return reply.get("result");
        }

        CompletableFuture<JsonNode> next(final String event) {
            return awaited.computeIfAbsent(event, e -> new CompletableFuture<>());
        }

        JsonNode evaluate(final String expression) throws Exception {
            final JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            return JSON.readTree(result.get("result").get("value").asText());
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                final String text = partial.toString();
                partial.setLength(0);
                handle(text);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(final String text) {
            try {
                final JsonNode message = JSON.readTree(text);
                if (message.has("id")) {
                    Optional.ofNullable(pending.remove(message.get("id").asInt())).ifPresent(f -> f.complete(message));
                    return;
                }
                final String method = message.path("method").asText();
                final JsonNode params = message.path("params");
                note(method, params);
                Optional.ofNullable(awaited.get(method)).ifPresent(f -> f.complete(params));
            } catch (IOException e) {
                errors.add("unreadable DevTools message: " + e.getMessage());
            }
        }

        /** Console errors, uncaught exceptions, error log entries and failed loads; every request's URL. */
        private void note(final String method, final JsonNode params) {
            switch (method) {
                case "Runtime.consoleAPICalled" -> {
                    final String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        errors.add("console." + type + ": " + params.path("args"));
                    }
                }
                case "Runtime.exceptionThrown" -> errors.add("exception: "
                        + params.path("exceptionDetails").path("text").asText());
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        errors.add("log: " + params.path("entry").path("text").asText());
                    }
                }
                case "Network.loadingFailed" -> errors.add("failed load: " + params.path("errorText").asText());
                case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
                default -> { }
            }
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
