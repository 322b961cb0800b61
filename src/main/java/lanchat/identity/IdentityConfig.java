package lanchat.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * How passwords (and the moderator secret) are hashed: PBKDF2 with Spring Security's
 * current parameters, slow on purpose. A bean, so that tests can hold a hash while they
 * look at the rest of the server.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfig {

	@Bean
	PasswordEncoder passwordEncoder() {
		return Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();
	}

}
