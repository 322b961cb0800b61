package lanchat.web;

import lanchat.protocol.EncodedJson;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.util.MimeTypeUtils;

/**
 * Sends an {@link EncodedJson} reply as the JSON it already is, with the contract's
 * content type; only for what the server sends, never for what clients send.
 */
class EncodedJsonConverter extends AbstractMessageConverter {

	EncodedJsonConverter() {
		super(MimeTypeUtils.APPLICATION_JSON);
	}

	@Override
	protected boolean supports(Class<?> type) {
		return type == EncodedJson.class;
	}

	@Override
	protected boolean canConvertFrom(Message<?> message, @Nullable Class<?> targetClass) {
		return false;
	}

	@Override
	protected Object convertToInternal(Object payload, @Nullable MessageHeaders headers,
			@Nullable Object conversionHint) {
		return ((EncodedJson) payload).bytes();
	}

}
