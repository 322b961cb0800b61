package lanchat.cluster;

import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How events are written on the wire between nodes: JSON, tolerant of fields a newer node
 * adds.
 */
@Component
@ClusterMode
class Events {

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	JsonMapper mapper() {
		return mapper;
	}

	Event read(byte[] body) {
		return mapper.readValue(body, Event.class);
	}

}
