package io.jenkins.plugins.hubdeploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The fabric8 CRUD dispatcher (it stores whatever JSON is POSTed/PUT and answers GET/LIST/DELETE by name and label
 * selector) plus what real Helm needs from an API server that the plain mock lacks (shared/infra/REAL-COMPONENTS.md):
 * (1) {@code Content-Type: application/json} on every answer; (2) discovery for the kinds used here; (4) Helm's
 * protobuf release Secrets translated to JSON; (5) typed list kinds ({@code SecretList}, not {@code List}); (7) a
 * {@code /version}; (8) a minimal OpenAPI v3 (see {@link #openApiV3}). (3) and (6) are on Helm's side: {@code disableOpenApiValidation()} and {@code force()}.
 * Besides those, {@link #deny} plays an admission policy, the way a real cluster's webhook or
 * ValidatingAdmissionPolicy refuses an object (the mock itself validates nothing).
 */
final class KubeApiMockDispatcher extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    /** resource (plural) -> kind, group version, namespaced: what discovery lists and lists are typed with. */
    private record Resource(String plural, String kind, String groupVersion, boolean namespaced) {
    }

    private static final List<Resource> RESOURCES = List.of(
            new Resource("namespaces", "Namespace", "v1", false),
            new Resource("configmaps", "ConfigMap", "v1", true),
            new Resource("secrets", "Secret", "v1", true),
            new Resource("services", "Service", "v1", true),
            new Resource("serviceaccounts", "ServiceAccount", "v1", true),
            new Resource("pods", "Pod", "v1", true),
            new Resource("events", "Event", "v1", true),
            new Resource("deployments", "Deployment", "apps/v1", true),
            new Resource("statefulsets", "StatefulSet", "apps/v1", true),
            new Resource("daemonsets", "DaemonSet", "apps/v1", true),
            new Resource("leases", "Lease", "coordination.k8s.io/v1", true));

    /** The API groups (other than the core group) that {@link #RESOURCES} uses, in order. */
    private static final List<String> GROUP_VERSIONS = RESOURCES.stream().map(Resource::groupVersion)
            .filter(gv -> gv.contains("/")).distinct().toList();

    /** A simulated admission rule: requests it matches are refused with {@code message}. */
    record Denial(Predicate<RecordedRequest> matches, String message) {
    }

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final List<Denial> denials = new CopyOnWriteArrayList<>();
    final List<String> requestLines = new CopyOnWriteArrayList<>();

    void deny(Denial denial) {
        denials.add(denial);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        requestLines.add(request.getMethod() + " " + path);
        MockResponse discovery = discovery(bare);
        if (discovery != null) {
            return discovery;
        }
        RecordedRequest jsonRequest = asJson(request);
        for (Denial denial : denials) {
            if (denial.matches().test(jsonRequest)) {
                return json(new MockResponse().setResponseCode(400), status(400, "BadRequest", denial.message()));
            }
        }
        MockResponse response = crud.dispatch(jsonRequest);
        if (response.header("Content-Type") == null) {
            response.setHeader("Content-Type", JSON_TYPE);
        }
        if ("GET".equals(request.getMethod())) {
            typeList(bare, response);
        }
        return response;
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }

    private MockResponse discovery(String path) {
        if (path.equals("/version")) {
            return json(new MockResponse().setResponseCode(200), """
                    {"major":"1","minor":"30","gitVersion":"v1.30.0","gitCommit":"mock","gitTreeState":"clean",
                     "buildDate":"2024-04-17T00:00:00Z","goVersion":"go1.22.2","compiler":"gc","platform":"linux/amd64"}""");
        }
        if (path.equals("/api")) {
            return json(new MockResponse().setResponseCode(200),
                    "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
        }
        if (path.equals("/apis")) {
            return json(new MockResponse().setResponseCode(200), groupList());
        }
        if (path.equals("/openapi/v3")) {
            ObjectNode paths = JSON.createObjectNode();
            ObjectNode all = paths.putObject("paths");
            all.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1?hash=mock");
            for (String gv : GROUP_VERSIONS) {
                all.putObject("apis/" + gv).put("serverRelativeURL", "/openapi/v3/apis/" + gv + "?hash=mock");
            }
            return json(new MockResponse().setResponseCode(200), paths.toString());
        }
        if (path.equals("/api/v1")) {
            return json(new MockResponse().setResponseCode(200), resourceList("v1"));
        }
        if (path.equals("/openapi/v3/api/v1")) {
            return json(new MockResponse().setResponseCode(200), openApiV3("v1"));
        }
        for (String gv : GROUP_VERSIONS) {
            if (path.equals("/apis/" + gv)) {
                return json(new MockResponse().setResponseCode(200), resourceList(gv));
            }
            if (path.equals("/openapi/v3/apis/" + gv)) {
                return json(new MockResponse().setResponseCode(200), openApiV3(gv));
            }
        }
        return null;
    }

    private static String groupList() {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (String gv : GROUP_VERSIONS) {
            ObjectNode group = groups.addObject();
            group.put("name", gv.substring(0, gv.indexOf('/')));
            ObjectNode version = JSON.createObjectNode().put("groupVersion", gv).put("version", gv.substring(gv.indexOf('/') + 1));
            group.putArray("versions").add(version);
            group.set("preferredVersion", version.deepCopy());
        }
        return list.toString();
    }

    private static String resourceList(String groupVersion) {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", groupVersion);
        ArrayNode resources = list.putArray("resources");
        for (Resource r : RESOURCES) {
            if (!r.groupVersion().equals(groupVersion)) {
                continue;
            }
            ObjectNode node = resources.addObject();
            node.put("name", r.plural());
            node.put("singularName", r.kind().toLowerCase(java.util.Locale.ROOT));
            node.put("namespaced", r.namespaced());
            node.put("kind", r.kind());
            ArrayNode verbs = node.putArray("verbs");
            for (String verb : List.of("create", "delete", "get", "list", "patch", "update", "watch")) {
                verbs.add(verb);
            }
        }
        return list.toString();
    }

    /**
     * (8) A minimal OpenAPI v3 document per group version: each kind's PATCH accepts the {@code fieldValidation}
     * query parameter. client-go's validator then leaves validation to the server (as against a real 1.27+ server)
     * instead of downloading the protobuf OpenAPI v2 schema, which the mock cannot serve. Helm validates the
     * Namespace that {@code --create-namespace} creates even when OpenAPI validation is disabled for the chart.
     */
    private static String openApiV3(String groupVersion) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.30.0");
        ObjectNode paths = doc.putObject("paths");
        String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
        String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
        String prefix = group.isEmpty() ? "/api/v1" : "/apis/" + groupVersion;
        for (Resource r : RESOURCES) {
            if (!r.groupVersion().equals(groupVersion)) {
                continue;
            }
            String path = prefix + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
            ObjectNode patch = paths.putObject(path).putObject("patch");
            patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version).put("kind", r.kind());
            patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
                    .putObject("schema").put("type", "string");
        }
        return doc.toString();
    }

    /** (4) Helm's protobuf Secret bodies become the JSON the CRUD store understands. */
    private static RecordedRequest asJson(RecordedRequest request) {
        Buffer body = request.getBody();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        if (!KubeApiMockProtobuf.isProtobuf(bytes)) {
            return request;
        }
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", JSON_TYPE).build();
        byte[] json = KubeApiMockProtobuf.secretToJson(bytes).getBytes(StandardCharsets.UTF_8);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), headers, new Buffer(json));
    }

    /** (5) The CRUD store answers every list as kind {@code List}; client-go's typed clients want e.g. SecretList. */
    private static void typeList(String path, MockResponse response) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        Resource resource = RESOURCES.stream().filter(r -> r.plural().equals(last)).findFirst().orElse(null);
        if (resource == null || response.code() != 200 || response.getBody() == null) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(response.getBody().getBytes());
            if (node instanceof ObjectNode list && "List".equals(list.path("kind").asText())) {
                list.put("kind", resource.kind() + "List");
                list.put("apiVersion", resource.groupVersion());
                response.setBody(list.toString());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("KubeApiMock: the CRUD store answered " + path + " with unreadable JSON", e);
        }
    }

    private static MockResponse json(MockResponse response, String body) {
        return response.setHeader("Content-Type", JSON_TYPE).setBody(body);
    }

    private static String status(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status.toString();
    }
}
