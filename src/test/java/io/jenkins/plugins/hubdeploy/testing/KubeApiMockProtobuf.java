package io.jenkins.plugins.hubdeploy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's storage driver writes its release Secrets with client-go's typed client, which sends Kubernetes protobuf
 * ({@code k8s\0} + {@code runtime.Unknown} wrapping a {@code v1.Secret}); the fabric8 mock only understands JSON.
 * This reads the fields such a Secret carries (k8s.io/api/core/v1/generated.proto and apimachinery's
 * generated.proto field numbers) and writes the same object as JSON. Anything else in the message is ignored.
 */
final class KubeApiMockProtobuf {
    static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final ObjectMapper JSON = new ObjectMapper();

    private KubeApiMockProtobuf() {
    }

    static boolean isProtobuf(byte[] body) {
        if (body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The JSON form of a protobuf-encoded {@code v1.Secret} (the only kind Helm sends as protobuf). */
    static String secretToJson(byte[] body) {
        Map<Integer, List<Object>> unknown = parse(body, MAGIC.length, body.length);
        Map<Integer, List<Object>> typeMeta = message(unknown, 1);
        String kind = string(typeMeta, 2, "");
        if (!kind.equals("Secret")) {
            throw new IllegalArgumentException("KubeApiMock only translates protobuf Secrets, got kind '" + kind + "'");
        }
        byte[] raw = bytes(unknown, 2);
        Map<Integer, List<Object>> secret = parse(raw, 0, raw.length);
        ObjectNode json = JSON.createObjectNode();
        json.put("apiVersion", string(typeMeta, 1, "v1"));
        json.put("kind", "Secret");
        json.set("metadata", objectMeta(message(secret, 1)));
        ObjectNode data = json.putObject("data");
        for (Map.Entry<String, byte[]> e : byteMap(secret, 2).entrySet()) {
            data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue()));
        }
        if (secret.containsKey(3)) {
            json.put("type", string(secret, 3, ""));
        }
        if (secret.containsKey(4)) {
            ObjectNode stringData = json.putObject("stringData");
            byteMap(secret, 4).forEach((k, v) -> stringData.put(k, new String(v, StandardCharsets.UTF_8)));
        }
        if (secret.containsKey(5)) {
            json.put("immutable", ((Long) secret.get(5).get(0)) != 0);
        }
        return json.toString();
    }

    private static ObjectNode objectMeta(Map<Integer, List<Object>> meta) {
        ObjectNode json = JSON.createObjectNode();
        putString(json, "name", meta, 1);
        putString(json, "generateName", meta, 2);
        putString(json, "namespace", meta, 3);
        putString(json, "uid", meta, 5);
        putString(json, "resourceVersion", meta, 6);
        if (meta.containsKey(8)) {
            Map<Integer, List<Object>> time = message(meta, 8);
            long seconds = time.containsKey(1) ? (Long) time.get(1).get(0) : 0;
            if (seconds != 0) {
                json.put("creationTimestamp", Instant.ofEpochSecond(seconds).toString());
            }
        }
        for (int[] field : new int[][] {{11}, {12}}) {
            if (meta.containsKey(field[0])) {
                ObjectNode map = json.putObject(field[0] == 11 ? "labels" : "annotations");
                byteMap(meta, field[0]).forEach((k, v) -> map.put(k, new String(v, StandardCharsets.UTF_8)));
            }
        }
        return json;
    }

    private static void putString(ObjectNode json, String name, Map<Integer, List<Object>> message, int field) {
        String value = string(message, field, "");
        if (!value.isEmpty()) {
            json.put(name, value);
        }
    }

    /** A protobuf {@code map<string, bytes|string>}: repeated entries with key = field 1, value = field 2. */
    private static Map<String, byte[]> byteMap(Map<Integer, List<Object>> message, int field) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (Object entry : message.getOrDefault(field, List.of())) {
            byte[] bytes = (byte[]) entry;
            Map<Integer, List<Object>> kv = parse(bytes, 0, bytes.length);
            map.put(string(kv, 1, ""), kv.containsKey(2) ? (byte[]) kv.get(2).get(0) : new byte[0]);
        }
        return map;
    }

    private static Map<Integer, List<Object>> message(Map<Integer, List<Object>> parent, int field) {
        byte[] bytes = bytes(parent, field);
        return parse(bytes, 0, bytes.length);
    }

    private static byte[] bytes(Map<Integer, List<Object>> message, int field) {
        List<Object> values = message.get(field);
        return values == null ? new byte[0] : (byte[]) values.get(0);
    }

    private static String string(Map<Integer, List<Object>> message, int field, String otherwise) {
        List<Object> values = message.get(field);
        return values == null ? otherwise : new String((byte[]) values.get(0), StandardCharsets.UTF_8);
    }

    /** Wire format: field number -> values (Long for varint/fixed, byte[] for length-delimited). */
    static Map<Integer, List<Object>> parse(byte[] buf, int from, int to) {
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        int[] pos = {from};
        while (pos[0] < to) {
            long key = varint(buf, pos);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            Object value;
            switch (wire) {
                case 0 -> value = varint(buf, pos);
                case 1 -> {
                    value = fixed(buf, pos[0], 8);
                    pos[0] += 8;
                }
                case 2 -> {
                    int length = (int) varint(buf, pos);
                    ByteArrayOutputStream out = new ByteArrayOutputStream(length);
                    out.write(buf, pos[0], length);
                    value = out.toByteArray();
                    pos[0] += length;
                }
                case 5 -> {
                    value = fixed(buf, pos[0], 4);
                    pos[0] += 4;
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire + " at " + pos[0]);
            }
            fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static long varint(byte[] buf, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[pos[0]++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed protobuf varint");
    }

    private static long fixed(byte[] buf, int at, int size) {
        long result = 0;
        for (int i = size - 1; i >= 0; i--) {
            result = (result << 8) | (buf[at + i] & 0xff);
        }
        return result;
    }
}
