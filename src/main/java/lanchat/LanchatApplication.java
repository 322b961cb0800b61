package lanchat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Starts lanchat: a chat room for everyone on the same network.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LanchatApplication {

	public static void main(String[] args) {
		SpringApplication.run(LanchatApplication.class, args);
	}

}
