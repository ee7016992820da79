//! A small dictionary of indicators the national outlines (中国妇女/儿童发展纲要) use, with
//! the readable id and the unit they are reported in.
//!
//! It gives a known indicator a stable English id and its unit when the clause states none
//! (a relative target such as `儿童伤害死亡率以2020年为基数下降20%`). A name matches an
//! entry when it ends with the entry's key (`适龄妇女宫颈癌人群筛查率` ends with
//! `宫颈癌人群筛查率`); the longest key wins. Names not in the list get positional ids.

use crate::catalog::{CountWord, Unit};

/// A known indicator.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    pub id: &'static str,
    pub unit: Unit,
}

const P: Unit = Unit::Percent;
const PM: Unit = Unit::Permille;
const P100K: Unit = Unit::PerHundredThousand;

/// (name ending, id, unit).
const KNOWN: &[(&str, &str, Unit)] = &[
    ("孕产妇死亡率", "maternal_mortality_ratio", P100K),
    ("新生儿死亡率", "neonatal_mortality_rate", PM),
    ("婴儿死亡率", "infant_mortality_rate", PM),
    ("5岁以下儿童死亡率", "under5_mortality_rate", PM),
    ("儿童伤害死亡率", "child_injury_mortality_rate", P100K),
    ("溺水死亡率", "child_drowning_mortality_rate", P100K),
    (
        "道路交通伤害死亡率",
        "child_road_traffic_mortality_rate",
        P100K,
    ),
    (
        "道路交通事故死亡率",
        "child_road_traffic_mortality_rate",
        P100K,
    ),
    ("职业病发病率", "occupational_disease_incidence", P100K),
    ("宫颈癌人群筛查率", "cervical_cancer_screening_rate", P),
    ("乳腺癌人群筛查率", "breast_cancer_screening_rate", P),
    (
        "艾滋病母婴传播率",
        "hiv_mother_to_child_transmission_rate",
        P,
    ),
    ("乙肝母婴传播率", "hbv_mother_to_child_transmission_rate", P),
    ("产前筛查率", "prenatal_screening_rate", P),
    ("孕产妇贫血患病率", "maternal_anemia_prevalence", P),
    ("人均预期寿命", "life_expectancy", Unit::Age),
    ("健康预期寿命", "healthy_life_expectancy", Unit::Age),
    ("健康素养水平", "health_literacy_level", P),
    (
        "3岁以下儿童系统管理率",
        "under3_systematic_management_rate",
        P,
    ),
    ("7岁以下儿童健康管理率", "under7_health_management_rate", P),
    ("5岁以下儿童贫血患病率", "under5_anemia_prevalence", P),
    ("5岁以下儿童贫血率", "under5_anemia_prevalence", P),
    ("5岁以下儿童生长迟缓率", "under5_stunting_rate", P),
    ("免疫规划疫苗接种率", "immunization_coverage", P),
    ("眼保健和视力检查覆盖率", "eye_care_coverage_0_6", P),
    ("小学生近视率", "primary_school_myopia_rate", P),
    ("初中生近视率", "junior_secondary_myopia_rate", P),
    ("高中阶段学生近视率", "senior_secondary_myopia_rate", P),
    ("总体近视率", "child_overall_myopia_rate", P),
    ("龋患率", "dental_caries_rate", P),
    ("达标优良率", "student_fitness_good_excellent_rate", P),
    ("学前三年毛入园率", "preschool_gross_enrollment_rate", P),
    ("学前教育毛入园率", "preschool_gross_enrollment_rate", P),
    ("义务教育巩固率", "compulsory_education_retention_rate", P),
    (
        "高中阶段教育毛入学率",
        "senior_secondary_gross_enrollment_rate",
        P,
    ),
    (
        "高中阶段毛入学率",
        "senior_secondary_gross_enrollment_rate",
        P,
    ),
    (
        "高等教育毛入学率",
        "higher_education_gross_enrollment_rate",
        P,
    ),
    ("平均受教育年限", "average_years_of_schooling", Unit::Years),
    (
        "托位数",
        "childcare_places_per_1000",
        Unit::PerThousandPeople(CountWord::Ge),
    ),
    ("农村自来水普及率", "rural_tap_water_coverage", P),
    ("农村卫生厕所普及率", "rural_sanitary_toilet_coverage", P),
    (
        "农村无害化卫生厕所普及率",
        "rural_harmless_sanitary_toilet_coverage",
        P,
    ),
    (
        "生态文明教育普及率",
        "ecological_civilization_education_coverage",
        P,
    ),
    ("基本医疗保险参保率", "basic_medical_insurance_coverage", P),
    ("基本养老保险参保率", "basic_pension_coverage", P),
    ("就业人员中女性比例", "female_share_of_employed", P),
    ("就业人员中的女性比例", "female_share_of_employed", P),
    (
        "城镇单位就业人员中女性比例",
        "female_share_of_urban_unit_employed",
        P,
    ),
    (
        "城镇单位就业人员中的女性比例",
        "female_share_of_urban_unit_employed",
        P,
    ),
    (
        "高级专业技术人员中的女性比例",
        "female_share_of_senior_professionals",
        P,
    ),
    (
        "高级专业技术人员中女性比例",
        "female_share_of_senior_professionals",
        P,
    ),
    (
        "村委会成员中女性比例",
        "female_share_of_village_committee_members",
        P,
    ),
    (
        "社区居委会成员中女性比例",
        "female_share_of_community_committee_members",
        P,
    ),
    (
        "社区居委会主任中女性比例",
        "female_share_of_community_committee_directors",
        P,
    ),
    (
        "社区居委会主任女性比例",
        "female_share_of_community_committee_directors",
        P,
    ),
];

/// The known indicator a name ends with, if any (the longest key wins).
pub fn lookup(name: &str) -> Option<Known> {
    KNOWN
        .iter()
        .filter(|(key, _, _)| name.ends_with(key))
        .max_by_key(|(key, _, _)| key.len())
        .map(|&(_, id, unit)| Known { id, unit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_ending_wins() {
        assert_eq!(
            lookup("城镇单位就业人员中的女性比例").unwrap().id,
            "female_share_of_urban_unit_employed"
        );
        assert_eq!(
            lookup("就业人员中的女性比例").unwrap().id,
            "female_share_of_employed"
        );
        assert_eq!(
            lookup("适龄妇女宫颈癌人群筛查率").unwrap().unit,
            Unit::Percent
        );
        assert!(lookup("妇女健康服务体系").is_none());
    }
}
