// docs/openapi.json documents exactly the routes the gateway serves: the
// route table and the document are compared both ways, then every documented
// route is called on a real vireod and must be served (no `no_route`, no 405).
#include <fstream>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "services/gateway/api.hpp"
#include "tests/fixtures/http_client.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;
using route_set = std::set<std::pair<std::string, std::string>>;

json openapi() {
  const char* source = std::getenv("VIREO_SOURCE_DIR");
  EXPECT_NE(source, nullptr);
  std::ifstream in(std::string(source ? source : ".") + "/docs/openapi.json");
  return json::parse(in);
}

route_set documented_routes() {
  route_set out;
  auto document = openapi();
  for (auto& [path, operations] : document["paths"].items())
    for (auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (auto& c : upper)
        c = static_cast<char>(std::toupper(c));
      out.emplace(upper, path);
    }
  return out;
}

TEST(openapi, documents_exactly_the_routes_the_gateway_serves) {
  route_set served;
  for (auto& route : gateway::api_routes())
    served.emplace(route.method, route.pattern);
  auto documented = documented_routes();
  for (auto& route : served)
    EXPECT_TRUE(documented.count(route)) << "served but not documented: " << route.first << " " << route.second;
  for (auto& route : documented)
    EXPECT_TRUE(served.count(route)) << "documented but not served: " << route.first << " " << route.second;
}

TEST(openapi, every_documented_route_is_served_by_a_running_node) {
  vireod_process node;
  node.start();
  http_client client;
  for (auto& [method, pattern] : documented_routes()) {
    auto path = std::regex_replace(pattern, std::regex(R"(\{[a-z]+\})"), "sample");
    auto url = node.base_url() + path;
    auto reply = method == "GET"      ? client.get(url)
                 : method == "DELETE" ? client.del(url)
                 : method == "PUT"    ? client.put(url, "{}")
                                      : client.post(url, "{}");
    ASSERT_NE(reply.status, 0) << method << " " << path << ": " << reply.error;
    EXPECT_NE(reply.status, 405) << method << " " << path;
    if (reply.status == 404) {
      EXPECT_NE(reply.json()["error"]["code"], "no_route") << method << " " << path;
    }
  }
}

}  // namespace
}  // namespace vireo::testing
