"""Publishing like a statistical office: releases, the SDMX REST API, the monthly bulletin, the offline bundle."""
