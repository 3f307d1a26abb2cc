package io.wem.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser-like HTTP client for the tests: it keeps cookies, does not follow redirects (tests assert them), and
 * drives WEM's sign-in form and session API.
 */
public final class WemClient {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String apiCsrfToken;

    public WemClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).GET();
        headers.forEach(builder::header);
        return send(builder.build());
    }

    /** Posts a form, adding the CSRF token of the page at {@code csrfPage} unless {@code withCsrf} is false. */
    public HttpResponse<String> postForm(String path, Map<String, String> fields, String csrfPage, boolean withCsrf) {
        Map<String, String> body = new LinkedHashMap<>(fields);
        if (withCsrf) {
            body.put("_csrf", csrfTokenOf(csrfPage));
        }
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(body)))
                .build());
    }

    /** Signs in through the form and returns the response to the POST (a redirect). */
    public HttpResponse<String> signIn(String username, String password) {
        return postForm("/login", Map.of("username", username, "password", password), "/login", true);
    }

    /** Signs in through the form and fails the test unless it lands on the Dashboard. */
    public WemClient signedInAs(String username, String password) {
        HttpResponse<String> response = signIn(username, password);
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("error")) {
            throw new AssertionError("Sign-in of " + username + " failed: " + response.statusCode() + " to " + location);
        }
        return this;
    }

    public HttpResponse<String> signOut() {
        return postForm("/logout", Map.of(), "/", true);
    }

    public HttpResponse<String> apiSignIn(String username, String password) {
        String body = JSON.writeValueAsString(Map.of("username", username, "password", password));
        HttpResponse<String> response = sendJson("POST", "/api/v1/session", body, false);
        if (response.statusCode() == 200) {
            apiCsrfToken = json(response).get("csrfToken").asString();
        }
        return response;
    }

    /** Sends a JSON request, with the CSRF token from the last API sign-in when {@code withCsrf} is true. */
    public HttpResponse<String> sendJson(String method, String path, String body, boolean withCsrf) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withCsrf && apiCsrfToken != null) {
            builder.header("X-CSRF-TOKEN", apiCsrfToken);
        }
        return send(builder.build());
    }

    public String csrfTokenOf(String page) {
        HttpResponse<String> response = get(page);
        Matcher matcher = CSRF_FIELD.matcher(response.body());
        if (!matcher.find()) {
            throw new AssertionError("No CSRF field on " + page + " (status " + response.statusCode() + ")");
        }
        return matcher.group(1);
    }

    /** Returns the value of the session cookie, or null when the client has none. */
    public String sessionId() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("WEM_SESSION"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", "WEM test client");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Request " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during " + request.uri(), e);
        }
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
