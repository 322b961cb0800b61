package lanchat.chat;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading what clients send as JSON, the same way for every transport: only an object
 * counts, and a field counts only when it is a string.
 */
public final class JsonObjects {

	private JsonObjects() {
	}

	/**
	 * The object in {@code bytes}, or empty for anything else (invalid JSON, an array, a
	 * number...).
	 */
	public static Optional<JsonNode> read(JsonMapper json, byte[] bytes) {
		return read(() -> json.readTree(bytes));
	}

	/** The object in {@code text}, or empty for anything else. */
	public static Optional<JsonNode> read(JsonMapper json, String text) {
		return read(() -> json.readTree(text));
	}

	/** A string field of an object; {@code null} when it is missing or not a string. */
	public static @Nullable String text(JsonNode object, String field) {
		JsonNode value = object.get(field);
		return value != null && value.isString() ? value.stringValue() : null;
	}

	private static Optional<JsonNode> read(Supplier<JsonNode> parse) {
		try {
			JsonNode node = parse.get();
			return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
