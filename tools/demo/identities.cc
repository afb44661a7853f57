// Names, ids and addresses (see identities.h). Tables are short on purpose:
// combinations of first names, two surnames and numbers give enough variety.
#include "tools/demo/identities.h"

#include <array>
#include <string>

namespace moneytrail::demo {
namespace {

template <typename T, size_t N>
const T& Pick(Rng& rng, const std::array<T, N>& a) {
  return a[rng.Below(N)];
}

constexpr std::array<std::string_view, 40> kEsFirst = {
    "María",  "José",    "Antonio",   "Carmen",   "Manuel", "Ana",    "Francisco", "Laura",
    "David",  "Lucía",   "Javier",    "Marta",    "Daniel", "Elena",  "Carlos",    "Paula",
    "Miguel", "Sara",    "Alejandro", "Cristina", "Pablo",  "Isabel", "Sergio",    "Raquel",
    "Jorge",  "Beatriz", "Álvaro",    "Nuria",    "Rubén",  "Silvia", "Iván",      "Rocío",
    "Adrián", "Pilar",   "Óscar",     "Inés",     "Jesús",  "Alba",   "Víctor",    "Begoña"};
constexpr std::array<std::string_view, 40> kEsLast = {
    "García", "Rodríguez", "González", "Fernández", "López",  "Martínez",  "Sánchez",
    "Pérez",  "Gómez",     "Martín",   "Jiménez",   "Ruiz",   "Hernández", "Díaz",
    "Moreno", "Muñoz",     "Álvarez",  "Romero",    "Alonso", "Gutiérrez", "Navarro",
    "Torres", "Domínguez", "Vázquez",  "Ramos",     "Gil",    "Ramírez",   "Serrano",
    "Blanco", "Molina",    "Morales",  "Suárez",    "Ortega", "Delgado",   "Castro",
    "Ortiz",  "Rubio",     "Marín",    "Sanz",      "Núñez"};
constexpr std::array<std::string_view, 12> kForeignFirst = {"Jean", "Claire",    "Lukas", "Anna",
                                                            "João", "Sofia",     "James", "Emily",
                                                            "Luis", "Valentina", "Ahmed", "Fatima"};
constexpr std::array<std::string_view, 12> kForeignLast = {
    "Dubois", "Martin",  "Müller",   "Schmidt", "Silva",       "Santos",
    "Smith",  "Johnson", "Restrepo", "Castaño", "Al Mansouri", "Haddad"};

struct City {
  std::string_view name;
  std::string_view postcode_prefix;
};
constexpr std::array<City, 14> kEsCities = {{{"Madrid", "28"},
                                             {"Barcelona", "08"},
                                             {"Valencia", "46"},
                                             {"Sevilla", "41"},
                                             {"Málaga", "29"},
                                             {"Bilbao", "48"},
                                             {"Zaragoza", "50"},
                                             {"Alicante", "03"},
                                             {"Murcia", "30"},
                                             {"Palma", "07"},
                                             {"Marbella", "29"},
                                             {"Granada", "18"},
                                             {"Vigo", "36"},
                                             {"Valladolid", "47"}}};
constexpr std::array<std::string_view, 16> kStreets = {
    "Calle Mayor",        "Calle del Sol",          "Avenida de la Constitución",
    "Calle Real",         "Paseo de la Castellana", "Calle San Vicente",
    "Avenida del Puerto", "Calle Alcalá",           "Calle de la Paz",
    "Ronda de Poniente",  "Calle Larios",           "Gran Vía",
    "Calle Colón",        "Avenida de Andalucía",   "Calle Serrano",
    "Plaza de España"};
constexpr std::array<std::string_view, 8> kForeignTowns = {
    "Paris", "Lyon", "Berlin", "Lisboa", "London", "Zürich", "New York", "Ciudad de México"};

constexpr std::array<std::string_view, 14> kBusinessHeads = {
    "Distribuciones", "Talleres",          "Comercial",   "Hostelería",  "Construcciones",
    "Supermercados",  "Farmacia",          "Cafetería",   "Transportes", "Panadería",
    "Ferretería",     "Electrodomésticos", "Consultoría", "Restaurante"};
constexpr std::array<std::string_view, 12> kBusinessTails = {
    "del Sur",       "Levante",  "Atlántico", "Mediterráneo", "Norte",      "Central",
    "Hermanos Ruiz", "La Plaza", "El Puerto", "San Miguel",   "Costa Azul", "Sierra"};
constexpr std::array<std::string_view, 6> kUtilities = {
    "Eléctrica Peninsular S.A.",   "Aguas del Levante S.A.", "Telecomunicaciones Ibéricas S.A.",
    "Gas Natural del Centro S.A.", "Seguros Horizonte S.A.", "Fibra y Móvil Costa S.L."};
constexpr std::array<std::string_view, 8> kShellHeads = {
    "Inversiones", "Grupo", "Comercializadora", "Importadora",
    "Global",      "Atlas", "Pacífico",         "Oasis"};

char DniLetter(uint64_t number) {
  static constexpr char kLetters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
  return kLetters[number % 23];
}

std::string Pad(uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return s;
}

// "María José" -> "maria.jose": ASCII for e-mail local parts. Only the accented
// letters of our own tables need folding.
std::string Ascii(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, char>, 16> kFold = {{
      {"á", 'a'},
      {"é", 'e'},
      {"í", 'i'},
      {"ó", 'o'},
      {"ú", 'u'},
      {"ñ", 'n'},
      {"ü", 'u'},
      {"Á", 'a'},
      {"É", 'e'},
      {"Í", 'i'},
      {"Ó", 'o'},
      {"Ú", 'u'},
      {"ã", 'a'},
      {"ç", 'c'},
      {"ö", 'o'},
      {"Ö", 'o'},
  }};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == ' ') {
        out += '.';
      } else if (c >= 'A' && c <= 'Z') {
        out += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    bool folded = false;
    for (const auto& [utf8, ascii] : kFold) {
      if (s.substr(i, utf8.size()) == utf8) {
        out += ascii;
        i += utf8.size();
        folded = true;
        break;
      }
    }
    if (!folded) ++i;
  }
  return out;
}

std::string Email(Rng& rng, std::string_view name) {
  static constexpr std::array<std::string_view, 5> kDomains = {
      "example.com", "example.net", "example.org", "correo.example", "mail.example"};
  return Ascii(name) + Pad(rng.Below(100), 2) + "@" + std::string(Pick(rng, kDomains));
}

std::string SpanishAddress(Rng& rng, std::string* town = nullptr) {
  const City& city = Pick(rng, kEsCities);
  if (town != nullptr) *town = std::string(city.name);
  std::string a = std::string(Pick(rng, kStreets)) + " " + std::to_string(rng.Range(1, 180));
  if (rng.Chance(700)) a += ", " + std::to_string(rng.Range(1, 9)) + "º" + char('A' + rng.Below(4));
  return a + ", " + std::string(city.postcode_prefix) + Pad(rng.Range(1, 80) * 10, 3) + " " +
         std::string(city.name);
}

std::string ForeignAddress(Rng& rng, std::string_view country) {
  std::string town;
  if (country == "CO")
    town = "Medellín";
  else if (country == "PA")
    town = "Ciudad de Panamá";
  else if (country == "AE")
    town = "Dubai";
  else if (country == "MX")
    town = "Ciudad de México";
  else
    town = std::string(Pick(rng, kForeignTowns));
  return std::to_string(rng.Range(1, 400)) + " Main Street, " + town + ", " + std::string(country);
}

std::string Phone(Rng& rng, std::string_view country) {
  const CountryInfo* c = FindCountry(country);
  std::string prefix = c != nullptr ? std::string(c->phone_prefix) : "+34";
  // Mobile-looking numbers; Spain's start with 6.
  return prefix + (country == "ES" ? "6" : "7") + Pad(rng.Below(100000000), 8);
}

}  // namespace

std::string_view FirstName(Rng& rng) { return Pick(rng, kEsFirst); }

std::string_view MakeCity(Rng& rng) { return Pick(rng, kEsCities).name; }

std::string_view Surnames(std::string_view full_name) {
  size_t sp = full_name.find(' ');
  return sp == std::string_view::npos ? std::string_view() : full_name.substr(sp + 1);
}

PartyIdentity MakePerson(Rng& rng, std::string_view country, std::string_view surnames) {
  PartyIdentity p;
  bool spanish = country == "ES";
  // One in twelve residents of Spain is a foreign national with an NIE.
  bool foreign_resident = spanish && rng.Chance(80);
  if (spanish && !foreign_resident) {
    p.name = std::string(Pick(rng, kEsFirst)) + " ";
    p.name += surnames.empty()
                  ? std::string(Pick(rng, kEsLast)) + " " + std::string(Pick(rng, kEsLast))
                  : std::string(surnames);
    uint64_t n = rng.Below(100000000);
    p.national_id = Pad(n, 8) + DniLetter(n);
    p.nationality = "ES";
  } else {
    p.name = std::string(Pick(rng, kForeignFirst)) + " ";
    p.name += surnames.empty() ? std::string(Pick(rng, kForeignLast)) : std::string(surnames);
    if (foreign_resident) {
      uint64_t head = rng.Below(3);  // X, Y, Z count as 0, 1, 2 for the letter
      uint64_t n = rng.Below(10000000);
      p.national_id = std::string(1, "XYZ"[head]) + Pad(n, 7) + DniLetter(head * 10000000 + n);
      static constexpr std::array<std::string_view, 6> kOrigins = {"CO", "MA", "RO",
                                                                   "EC", "VE", "AR"};
      p.nationality = std::string(Pick(rng, kOrigins));
    } else {
      p.national_id = std::string(country) + "P" + Pad(rng.Below(100000000), 8);
      p.nationality = std::string(country);
    }
  }
  p.phone = Phone(rng, spanish ? "ES" : country);
  p.email = Email(rng, p.name);
  p.address = spanish ? SpanishAddress(rng) : ForeignAddress(rng, country);
  p.device = MakeDevice(rng);
  p.birth_date = std::to_string(rng.Range(1950, 2004)) + "-" + Pad(rng.Range(1, 12), 2) + "-" +
                 Pad(rng.Range(1, 28), 2);
  return p;
}

PartyIdentity MakeOrganisation(Rng& rng, std::string_view country, OrgKind kind) {
  PartyIdentity p;
  switch (kind) {
    case OrgKind::kUtility:
      p.name = std::string(Pick(rng, kUtilities));
      break;
    case OrgKind::kLandlord:
      p.name = "Inmobiliaria " + std::string(Pick(rng, kBusinessTails)) + " S.L.";
      break;
    case OrgKind::kCarDealer:
      p.name = "Automóviles " + std::string(Pick(rng, kEsCities).name) + " Motor S.L.";
      break;
    case OrgKind::kNotary:
      p.name = "Notaría " + std::string(Pick(rng, kEsLast)) + " " + std::string(Pick(rng, kEsLast));
      break;
    case OrgKind::kForeignShop:
      p.name =
          std::string(Pick(rng, kShellHeads)) + " Online " + (country == "US" ? "Inc." : "Ltd");
      break;
    case OrgKind::kShell:
      p.name = std::string(Pick(rng, kShellHeads)) + " " + std::string(Pick(rng, kBusinessTails)) +
               (country == "CO"   ? " S.A.S."
                : country == "AE" ? " General Trading LLC"
                                  : " Corp.");
      break;
    case OrgKind::kBusiness:
      p.name = std::string(Pick(rng, kBusinessHeads)) + " " +
               std::string(Pick(rng, kBusinessTails)) + (rng.Chance(800) ? " S.L." : " S.A.");
      break;
  }
  if (country == "ES") {
    // CIF: a letter, 7 digits and a control digit (sum rule of the AEAT).
    char head = p.name.ends_with("S.A.") ? 'A' : 'B';
    std::string digits = Pad(rng.Below(10000000), 7);
    int sum = 0;
    for (size_t i = 0; i < 7; ++i) {
      int d = digits[i] - '0';
      if (i % 2 == 0) {
        d *= 2;
        d = d / 10 + d % 10;
      }
      sum += d;
    }
    p.national_id = std::string(1, head) + digits + static_cast<char>('0' + (10 - sum % 10) % 10);
    p.address = SpanishAddress(rng);
  } else {
    p.national_id = std::string(country) + "C" + Pad(rng.Below(1000000000), 9);
    p.address = ForeignAddress(rng, country);
  }
  p.nationality = std::string(country);
  p.phone = Phone(rng, country);
  p.email = "info" + Pad(rng.Below(1000), 3) + "@" +
            (country == "ES" ? "empresa.example" : "example.com");
  return p;
}

std::string MakePlate(Rng& rng) {
  static constexpr char kConsonants[] = "BCDFGHJKLMNPRSTVWXYZ";
  std::string plate = Pad(rng.Below(10000), 4) + " ";
  for (int i = 0; i < 3; ++i) plate += kConsonants[rng.Below(20)];
  return plate;
}

std::string MakeCarDescription(Rng& rng) {
  static constexpr std::array<std::string_view, 8> kModels = {"Audi Q5",
                                                              "BMW X5",
                                                              "Mercedes-Benz GLE",
                                                              "Toyota Land Cruiser",
                                                              "Porsche Macan",
                                                              "Range Rover Evoque",
                                                              "Volkswagen Touareg",
                                                              "Lexus RX"};
  static constexpr std::array<std::string_view, 5> kColours = {"black", "white", "grey",
                                                               "dark blue", "silver"};
  return "Vehicle: " + std::string(Pick(rng, kModels)) + " " +
         std::to_string(rng.Range(2021, 2024)) + " (" + std::string(Pick(rng, kColours)) + ")";
}

std::string MakeFlatDescription(Rng& rng, std::string* city) {
  std::string address = SpanishAddress(rng, city);
  return "Flat: " + address + " (" + std::to_string(rng.Range(1, 4)) + " bedrooms, " +
         std::to_string(rng.Range(55, 140)) + " m2)";
}

}  // namespace moneytrail::demo
