// contract deploy|update|get|list|delete|activate|deactivate
#include "services/ctl/commands.hpp"
#include "services/ctl/errc.hpp"
#include "services/ctl/inputs.hpp"
#include "services/ctl/table_printer.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

struct contract_options {
  std::string name;
  std::string spec_file;
  std::string code_file;
};

/// The spec in `options.spec_file`, with the module of --code as base64.
json read_spec(const contract_options& options) {
  auto spec = parse_json_argument(read_input_file(options.spec_file), options.spec_file);
  if (!spec.is_object())
    throw ctl_error(errc::usage, options.spec_file + " must hold a JSON object (the contract spec)");
  if (!options.code_file.empty())
    spec["code"] = base64_encode(read_input_file(options.code_file));
  return spec;
}

std::string contract_path(const std::string& name) {
  return "/v1/contracts/" + url_escape(name);
}

/// Prints a contract entry the server answered with.
int show_entry(session& s, const json& entry) {
  if (s.json_output())
    s.print_json(entry);
  else
    print_contract(s.out(), entry);
  return 0;
}

int deploy(session& s, const contract_options& options) {
  auto spec = read_spec(options);
  return show_entry(s, s.client().call("POST", "/v1/contracts", &spec).body);
}

int update(session& s, const contract_options& options) {
  auto spec = read_spec(options);
  return show_entry(s, s.client().call("PUT", contract_path(options.name), &spec).body);
}

int get(session& s, const contract_options& options) {
  return show_entry(s, s.client().get(contract_path(options.name)));
}

int list(session& s, const contract_options&) {
  auto doc = s.client().get("/v1/contracts");
  if (s.json_output()) {
    s.print_json(doc);
    return 0;
  }
  table_printer t({"NAME", "KIND", "EXECUTION", "STATE", "REVISION", "TRIGGERS"});
  for (auto& entry : doc.value("contracts", json::array())) {
    std::string triggers;
    for (auto& type : entry.value("triggers", json::array()))
      triggers += (triggers.empty() ? "" : ",") + cell_text(type);
    t.add_row({field_text(entry, "name"), field_text(entry, "kind"), field_text(entry, "execution"),
               field_text(entry, "state"), field_text(entry, "revision"), triggers});
  }
  t.print(s.out());
  return 0;
}

int delete_contract(session& s, const contract_options& options) {
  auto entry = s.client().call("DELETE", contract_path(options.name)).body;
  if (s.json_output())
    s.print_json(entry);
  else
    s.out() << "deleted contract " << options.name << '\n';
  return 0;
}

int change_state(session& s, const contract_options& options, const char* verb) {
  return show_entry(s, s.client().call("POST", contract_path(options.name) + "/" + verb).body);
}

}  // namespace

void add_contract_commands(CLI::App& app, command_action& action) {
  auto* group = app.add_subcommand("contract", "deploy and manage contracts");
  group->require_subcommand(1);
  auto options = std::make_shared<contract_options>();

  auto* deploy_cmd = add_action(*group, action, "deploy", "deploy a contract from a JSON spec file", options, deploy);
  deploy_cmd->add_option("FILE", options->spec_file, "the contract spec (JSON; - reads stdin)")->required();
  deploy_cmd->add_option("--code", options->code_file, "a WASM module to upload with the spec (sent as base64)");

  auto* update_cmd = add_action(*group, action, "update", "update a contract from a JSON spec file (any field but name)",
                         options, update);
  update_cmd->add_option("NAME", options->name, "the contract")->required();
  update_cmd->add_option("FILE", options->spec_file, "the changed fields (JSON; - reads stdin)")->required();
  update_cmd->add_option("--code", options->code_file, "a new WASM module (sent as base64)");

  add_action(*group, action, "get", "show one contract", options, get)
      ->add_option("NAME", options->name, "the contract")->required();
  add_action(*group, action, "list", "list every contract", options, list);
  add_action(*group, action, "delete", "delete a contract (its state stays in the ledger)", options, delete_contract)
      ->add_option("NAME", options->name, "the contract")->required();
  add_action(*group, action, "activate", "let a contract be invoked again", options,
      [](session& s, const contract_options& o) { return change_state(s, o, "activate"); })
      ->add_option("NAME", options->name, "the contract")->required();
  add_action(*group, action, "deactivate", "stop a contract from being invoked", options,
      [](session& s, const contract_options& o) { return change_state(s, o, "deactivate"); })
      ->add_option("NAME", options->name, "the contract")->required();
}

}  // namespace vireo::ctl
